//! IAM policies (`gcloud … get-iam-policy --format=json|yaml`, the REST `:getIamPolicy`).

use super::model::Text;
use super::model::{Binding, IamPolicy};
use super::read::Cx;
use super::tree::Node;
use crate::source::Spanned;

pub(super) fn read(cx: &mut Cx, root: &Node) -> IamPolicy {
    let mut bindings = Vec::new();
    for b in cx.opt_list(root, "bindings") {
        let Some(role) = cx.string(b, "role", "an IAM binding") else {
            continue;
        };
        let mut members = Vec::new();
        match b.get("members").and_then(Node::as_seq) {
            Some(list) => {
                for m in list {
                    match m.as_str() {
                        Some(s) => members.push(Spanned::new(Text::from(s), m.span)),
                        None => cx.unexpected(
                            m.span,
                            format!("a member is {}, not a string", m.kind_name()),
                            "members look like `user:a@example.com`",
                        ),
                    }
                }
            }
            None => cx.unexpected(
                role.span,
                format!("the binding of `{}` has no `members` list", role.node),
                "a binding lists its `members`",
            ),
        }
        bindings.push(Binding {
            role,
            members,
            conditional: b.get("condition").is_some_and(|c| !c.is_null()),
        });
    }
    IamPolicy {
        file: cx.file,
        bindings,
    }
}
