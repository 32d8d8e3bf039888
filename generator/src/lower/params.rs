//! An operation's parameters: their types and styles, and the path parameters
//! bound to the variables of the path template.

use serde_json::{Map, Value};

use crate::ident::{self, Namespace};
use crate::ir::{Docs, Param, ParamLocation, StrFormat, Ty};

use super::schema::{docs_of, hint_suffix, Hint, SchemaLowerer};

/// The parameters of the operation `api` (whose path template is `path`), each
/// schema named from `hint`. One that cannot be used is left out, with a warning.
pub(super) fn lower_params(
    api: &Map<String, Value>,
    path: &str,
    hint: &dyn Fn(String) -> Hint,
    lw: &mut SchemaLowerer,
) -> Vec<Param> {
    let mut params = Vec::new();
    let mut names = Namespace::new();
    let list = api.get("parameters").and_then(Value::as_array);
    for (i, p) in list.into_iter().flatten().enumerate() {
        let ptr = format!("/parameters/{i}");
        let Some(p) = p.as_object() else {
            lw.warn(&ptr, "a parameter is not an object; it is left out");
            continue;
        };
        let (Some(name), Some(place)) = (
            p.get("name").and_then(Value::as_str),
            p.get("in").and_then(Value::as_str),
        ) else {
            lw.warn(&ptr, "a parameter needs `name` and `in`; it is left out");
            continue;
        };
        let location = match place {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            "cookie" => ParamLocation::Cookie,
            other => {
                lw.warn(
                    &format!("{ptr}/in"),
                    format!("unknown parameter location {other:?}; the parameter is left out"),
                );
                continue;
            }
        };
        let ty = match p.get("schema") {
            Some(s) => {
                lw.lower(s, &format!("{ptr}/schema"), &hint(hint_suffix(name)))
                    .ty
            }
            None => Ty::String(StrFormat::Plain),
        };
        let style = param_style(p, location, &ty, &ptr, lw);
        params.push(Param {
            wire_name: name.to_string(),
            rust_name: names.claim(ident::field_name(name)),
            location,
            ty,
            required: location == ParamLocation::Path
                || p.get("required").and_then(Value::as_bool) == Some(true),
            style,
            explode: p.get("explode").and_then(Value::as_bool),
            docs: docs_of(Some(p)),
        });
    }
    bind_path_params(path, &mut params, &mut names);
    params
}

/// The parameter's `style`, when it is one OpenAPI defines for its location. A
/// style that makes no sense there (`deepObject` in a path, `matrix` in a query)
/// is reported and replaced by the location's default, which is what is sent.
fn param_style(
    p: &Map<String, Value>,
    location: ParamLocation,
    ty: &Ty,
    ptr: &str,
    lw: &mut SchemaLowerer,
) -> Option<String> {
    let style = p.get("style")?;
    let Some(style) = style.as_str() else {
        lw.warn(
            &format!("{ptr}/style"),
            "`style` is not a string; the location's default style is used",
        );
        return None;
    };
    let allowed: &[&str] = match location {
        ParamLocation::Path => &["simple", "label", "matrix"],
        ParamLocation::Query => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        ParamLocation::Header => &["simple"],
        ParamLocation::Cookie => &["form"],
    };
    let default = allowed[0];
    let where_ = match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    if !allowed.contains(&style) {
        lw.warn(
            &format!("{ptr}/style"),
            format!("style {style:?} is not defined for {where_} parameters; sent as {default:?}"),
        );
        return None;
    }
    let is_object = match ty {
        Ty::Map(_) | Ty::Any => true,
        // Not a `circular(…)` marker's: the parameter's own schema is no object.
        Ty::Named(id) => lw.pending.title(*id).is_none(),
        _ => false,
    };
    if style == "deepObject" && !is_object {
        lw.warn(
            &format!("{ptr}/style"),
            "style \"deepObject\" is only defined for objects; sent as \"form\"",
        );
        return None;
    }
    Some(style.to_string())
}

/// Makes the path parameters match the `{variables}` of the path template. The docs
/// sometimes name one thing twice (`{sourceId}` in the path, a parameter `id`;
/// `{access-type}` and `accessType`): a parameter binds to the variable of the same
/// name, else of the same name ignoring case and punctuation, else the one variable
/// left to the one parameter left. A variable with no parameter gets a string
/// parameter of its own; a path parameter with no variable cannot be sent and is dropped.
fn bind_path_params(path: &str, params: &mut Vec<Param>, names: &mut Namespace) {
    let given: Vec<&str> = params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| p.wire_name.as_str())
        .collect();
    let (bound, missing) = bind_path_vars(path, &given);
    let mut bound = bound.into_iter();
    params.retain_mut(|p| {
        if p.location != ParamLocation::Path {
            return true;
        }
        match bound.next().flatten() {
            Some(var) => {
                p.wire_name = var;
                true
            }
            None => false,
        }
    });
    for v in missing {
        params.push(Param {
            rust_name: names.claim(ident::field_name(&v)),
            wire_name: v,
            location: ParamLocation::Path,
            ty: Ty::String(StrFormat::Plain),
            required: true,
            style: None,
            explode: None,
            docs: Docs::default(),
        });
    }
}

/// Binds the names of an operation's path parameters (`given`, in order) to the
/// variables of `path`, by the rule of [`bind_path_params`]. Returns, per given name,
/// the variable it binds to (`None`: it binds to none and is dropped), and the
/// variables that no parameter binds to.
pub(crate) fn bind_path_vars(path: &str, given: &[&str]) -> (Vec<Option<String>>, Vec<String>) {
    let vars: Vec<String> = path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(v, _)| v.to_string()))
        .collect();
    let norm = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let mut bound: Vec<Option<String>> = given
        .iter()
        .map(|n| vars.iter().any(|v| v == n).then(|| n.to_string()))
        .collect();
    let mut unbound: Vec<String> = vars
        .iter()
        .filter(|v| !given.contains(&v.as_str()))
        .cloned()
        .collect();
    for (slot, name) in bound.iter_mut().zip(given) {
        if slot.is_none() {
            if let Some(i) = unbound.iter().position(|v| norm(v) == norm(name)) {
                *slot = Some(unbound.remove(i));
            }
        }
    }
    let loose: Vec<usize> = (0..bound.len()).filter(|&i| bound[i].is_none()).collect();
    if let ([i], [_]) = (loose.as_slice(), unbound.as_slice()) {
        bound[*i] = unbound.pop();
    }
    (bound, unbound)
}
