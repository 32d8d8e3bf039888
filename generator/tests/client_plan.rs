//! The client plan in the IR names what the emitted client declares: every tag
//! module, accessor, feature, builder, method, success and error enum, variant and
//! builder field the plan holds appears in the generated code under that name.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quote::ToTokens;

use mdx_codegen::emit::{self, EmitOptions, Layout};
use mdx_codegen::ir::{Api, Encoding, OperationPlan};
use mdx_codegen::mdx::ReadOptions;

/// The trees checked: every fixture, and the committed SailPoint docs.
fn trees() -> Vec<PathBuf> {
    let specs = common::workspace().join("specs");
    let mut out: Vec<PathBuf> = std::fs::read_dir(specs.join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out.push(specs.join("sailpoint").join("v3"));
    out
}

fn file<'a>(files: &'a emit::Generated, path: &str) -> &'a str {
    files
        .files
        .get(Path::new(path))
        .unwrap_or_else(|| panic!("no {path} among {:?}", files.files.keys()))
}

/// What a generated file declares, by name: structs with their fields, enums with
/// their variants, modules with their `cfg` features, and methods with what they
/// return.
#[derive(Default)]
struct Declared {
    structs: BTreeMap<String, Vec<String>>,
    enums: BTreeMap<String, Vec<String>>,
    modules: BTreeMap<String, String>,
    methods: BTreeMap<String, String>,
}

fn declared(text: &str) -> Declared {
    let parsed = syn::parse_file(text).unwrap();
    let mut out = Declared::default();
    for item in parsed.items {
        match item {
            syn::Item::Struct(s) => {
                let fields = s
                    .fields
                    .iter()
                    .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
                    .collect();
                out.structs.insert(s.ident.to_string(), fields);
            }
            syn::Item::Enum(e) => {
                let variants = e.variants.iter().map(|v| v.ident.to_string()).collect();
                out.enums.insert(e.ident.to_string(), variants);
            }
            syn::Item::Mod(m) => {
                let cfg = m.attrs.iter().find(|a| a.path().is_ident("cfg"));
                let cfg = cfg.map(|a| a.meta.to_token_stream().to_string());
                out.modules
                    .insert(m.ident.to_string(), cfg.unwrap_or_default());
            }
            syn::Item::Impl(i) => {
                for f in i.items {
                    if let syn::ImplItem::Fn(f) = f {
                        let ret = match &f.sig.output {
                            syn::ReturnType::Default => String::new(),
                            syn::ReturnType::Type(_, t) => t.to_token_stream().to_string(),
                        };
                        out.methods.insert(f.sig.ident.to_string(), ret);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The builder fields of an operation's plan.
fn fields(plan: &OperationPlan) -> Vec<String> {
    let mut out = plan.param_fields.clone();
    match plan.body.as_ref().map(|b| &b.encoding) {
        None => {}
        Some(
            Encoding::Json { field }
            | Encoding::Form { field }
            | Encoding::Bytes { field }
            | Encoding::MultipartForm { field },
        ) => out.push(field.clone()),
        Some(Encoding::MultipartParts { fields }) => out.extend(fields.iter().cloned()),
    }
    out
}

fn check_api(api: &Api, files: &emit::Generated) {
    let m = &api.module;
    let api_mod = declared(file(files, &format!("src/{m}/mod.rs")));
    let manifest = file(files, "Cargo.toml");
    for tag in &api.client.tags {
        let module = tag.module.trim_start_matches("r#");
        let cfg = format!("cfg (feature = \"{}\")", tag.feature);
        assert_eq!(
            api_mod.modules.get(module),
            Some(&cfg),
            "{m}: module {module}"
        );
        assert!(
            manifest.contains(&format!("\n{} = []\n", tag.feature)),
            "{m}: feature {}",
            tag.feature
        );
        let accessor = tag.accessor.trim_start_matches("r#");
        assert_eq!(
            api_mod.methods.get(accessor),
            Some(&format!("{module} :: {} < '_ >", tag.struct_name)),
            "{m}: accessor {accessor}"
        );
        let text = declared(file(files, &format!("src/{m}/{module}.rs")));
        assert!(text.structs.contains_key(&tag.struct_name));
        for op in &tag.operations {
            assert_eq!(api.operations[op.index].operation_id, op.operation_id);
            let builder = &op.builder;
            let method = op.method.trim_start_matches("r#");
            assert_eq!(
                text.methods.get(method),
                Some(&format!("{builder} < 'a >")),
                "{m}::{module}: method {method}"
            );
            let mut expected = vec!["client".to_string(), "options".to_string()];
            expected.extend(
                fields(op)
                    .iter()
                    .map(|f| f.trim_start_matches("r#").to_string()),
            );
            assert_eq!(
                text.structs.get(builder),
                Some(&expected),
                "{m}::{module}: builder {builder}"
            );
            let variants =
                |names: Vec<&String>| -> Vec<String> { names.into_iter().cloned().collect() };
            assert_eq!(
                text.enums.get(&op.error.name),
                Some(&variants(
                    op.error.variants.iter().map(|v| &v.rust_name).collect()
                )),
                "{m}::{module}: error enum {}",
                op.error.name
            );
            let success = text.enums.get(&op.success.name);
            if op.success_payloads().len() > 1 {
                assert_eq!(
                    success,
                    Some(&variants(
                        op.success.variants.iter().map(|v| &v.rust_name).collect()
                    )),
                    "{m}::{module}: success enum {}",
                    op.success.name
                );
            } else {
                assert_eq!(success, None, "{m}::{module}: {}", op.success.name);
            }
        }
    }
}

#[test]
fn every_name_in_the_plan_is_the_one_the_client_declares() {
    let opts = EmitOptions {
        crate_name: "plan-check".into(),
        command: "mdx-codegen generate".into(),
        layout: Layout::Crate,
    };
    let (mut operations, mut success_enums, mut parts) = (0, 0, 0);
    for tree in trees() {
        let apis = mdx_codegen::build_ir(std::slice::from_ref(&tree), &ReadOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", tree.display()));
        let files = emit::emit_crate(&apis, &opts).unwrap();
        for api in &apis {
            check_api(api, &files);
            for (_, op) in api.client.operations() {
                operations += 1;
                success_enums += usize::from(op.success_payloads().len() > 1);
                parts += usize::from(matches!(
                    op.body.as_ref().map(|b| &b.encoding),
                    Some(Encoding::MultipartParts { .. })
                ));
            }
            let http = api.operations.iter().filter(|o| o.is_http).count();
            assert_eq!(api.client.operations().count(), http, "{}", api.module);
        }
    }
    // The fixtures cover the kinds of names the plan holds.
    assert!(operations > 50, "only {operations} operations checked");
    assert!(
        success_enums > 0 && parts > 0,
        "{success_enums} success enums, {parts} multipart bodies"
    );
}
