//! The one walk over type expressions: through a [`Ty`], the shape of a type
//! ([`TypeKind`]), an [`Operation`], and the types one reaches from another
//! ([`reachable`]). Lowering, the emitters and the tools all walk the IR this way.

use std::collections::BTreeSet;

use super::{Extra, Operation, Ty, TypeId, TypeKind, TypeSpace};

impl Ty {
    /// Calls `f` on this expression and on every expression nested in it
    /// (array items, map values, the inside of a nullable), outermost first.
    pub fn walk(&self, f: &mut impl FnMut(&Ty)) {
        f(self);
        if let Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) = self {
            inner.walk(f);
        }
    }

    /// Calls `f` on every expression nested in this one and then on this one,
    /// innermost first, so that `f` may replace what it is given.
    pub fn walk_mut(&mut self, f: &mut impl FnMut(&mut Ty)) {
        if let Ty::Array(inner) | Ty::Map(inner) | Ty::Nullable(inner) = self {
            inner.walk_mut(f);
        }
        f(self);
    }

    /// The named types this expression mentions, in order.
    pub fn named(&self, out: &mut Vec<TypeId>) {
        self.walk(&mut |t| {
            if let Ty::Named(id) = t {
                out.push(*id);
            }
        });
    }
}

impl TypeKind {
    /// Calls `f` on each type expression of the shape, in order: the fields' types
    /// and the type of undeclared properties of a struct, the variants' types of a
    /// union. Nested expressions are [`Ty::walk`]'s.
    pub fn for_each_ty(&self, f: &mut impl FnMut(&Ty)) {
        match self {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    f(&field.ty);
                }
                if let Extra::Typed(t) = &s.extra {
                    f(t);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::Union(u) => {
                for v in &u.variants {
                    f(&v.ty);
                }
            }
        }
    }

    /// [`Self::for_each_ty`], with each expression given to `f` to change.
    pub fn for_each_ty_mut(&mut self, f: &mut impl FnMut(&mut Ty)) {
        match self {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    f(&mut field.ty);
                }
                if let Extra::Typed(t) = &mut s.extra {
                    f(t);
                }
            }
            TypeKind::Enum(_) => {}
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    f(&mut v.ty);
                }
            }
        }
    }
}

impl Operation {
    /// Calls `f` on the type of each parameter and request body, in order: what a
    /// caller sends.
    pub fn for_each_request_ty(&self, f: &mut impl FnMut(&Ty)) {
        for p in &self.params {
            f(&p.ty);
        }
        for t in self.request.iter().filter_map(|b| b.ty.as_ref()) {
            f(t);
        }
    }

    /// Calls `f` on the type of each parameter, request body and response body, in
    /// order: every type the operation's own code mentions.
    pub fn for_each_ty(&self, f: &mut impl FnMut(&Ty)) {
        self.for_each_request_ty(f);
        for r in &self.responses {
            for t in r.content.iter().filter_map(|b| b.ty.as_ref()) {
                f(t);
            }
        }
    }

    /// [`Self::for_each_ty`], with each type given to `f` to change.
    pub fn for_each_ty_mut(&mut self, f: &mut impl FnMut(&mut Ty)) {
        for p in &mut self.params {
            f(&mut p.ty);
        }
        let responses = self.responses.iter_mut().flat_map(|r| r.content.iter_mut());
        for t in self
            .request
            .iter_mut()
            .chain(responses)
            .filter_map(|b| b.ty.as_mut())
        {
            f(t);
        }
    }
}

/// What [`reachable`] follows from a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// What a value of the type can contain: its fields, its undeclared properties'
    /// type and its variants. The types a value that is sent is built from.
    Values,
    /// Also what its definition names: the type an alias shares its definition
    /// with, and the `allOf` bases a struct converts into. The types whose code
    /// the type's code needs.
    Definitions,
}

/// The types reachable from `roots` (the roots included) through the named types
/// each one's shape mentions, and with [`Follow::Definitions`] through aliases and
/// bases. An id that is not in `space` is left out.
pub fn reachable(
    space: &TypeSpace,
    roots: impl IntoIterator<Item = TypeId>,
    follow: Follow,
) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<TypeId> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        let Some(def) = space.types.get(id.index()) else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        if follow == Follow::Definitions {
            stack.extend(def.alias_of);
            stack.extend(def.supers.iter().copied());
        }
        def.kind.for_each_ty(&mut |t| t.named(&mut stack));
    }
    seen
}
