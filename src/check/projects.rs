//! Project ids and numbers per environment, learned from the contract's `env` declarations
//! and from the snapshots (a v1 export names its project by number, v2 by id), so a
//! secret in `projects/739104826553/…` and a declared `project "jualuma-prod"` are known
//! to be the same project.

use crate::compile::Contract;
use crate::snapshot::{Environment, SecretRef, SecretShape, Snapshot};

#[derive(Debug, Default)]
struct EnvProjects {
    name: String,
    ids: Vec<String>,
    numbers: Vec<String>,
}

/// Which environment owns which project id and number.
#[derive(Debug, Default)]
pub struct Projects {
    envs: Vec<EnvProjects>,
}

fn is_number(p: &str) -> bool {
    !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())
}

impl Projects {
    pub fn learn(contract: &Contract, snapshot: &Snapshot) -> Self {
        let mut out = Projects::default();
        for e in &contract.envs {
            let entry = out.entry(&e.name);
            if let Some(p) = &e.project {
                push(&mut entry.ids, &p.node);
            }
            if let Some(n) = &e.number {
                push(&mut entry.numbers, &n.node.to_string());
            }
        }
        for env in &snapshot.envs {
            let entry = out.entry(&env.name);
            for s in &env.services {
                if let Some(p) = &s.project {
                    if is_number(&p.node) {
                        push(&mut entry.numbers, &p.node);
                    } else if p.node != "default" {
                        push(&mut entry.ids, &p.node);
                    }
                }
            }
        }
        out
    }

    fn entry(&mut self, name: &str) -> &mut EnvProjects {
        if let Some(i) = self.envs.iter().position(|e| e.name == name) {
            return &mut self.envs[i];
        }
        self.envs.push(EnvProjects {
            name: name.to_owned(),
            ..EnvProjects::default()
        });
        let last = self.envs.len() - 1;
        &mut self.envs[last]
    }

    /// The environment a project id or number belongs to.
    pub fn env_of(&self, project: &str) -> Option<&str> {
        self.envs
            .iter()
            .find(|e| e.ids.iter().chain(&e.numbers).any(|p| p == project))
            .map(|e| e.name.as_str())
    }

    /// Every id and number of an environment.
    pub fn tokens(&self, env: &str) -> Vec<String> {
        self.envs
            .iter()
            .filter(|e| e.name == env)
            .flat_map(|e| e.ids.iter().chain(&e.numbers).cloned())
            .collect()
    }

    /// The project id of an environment.
    pub fn id(&self, env: &str) -> Option<&str> {
        self.envs
            .iter()
            .find(|e| e.name == env)
            .and_then(|e| e.ids.first())
            .map(String::as_str)
    }

    /// Whether two project names (ids or numbers) are the same project; `None` when that
    /// cannot be told (an id and a number no environment connects).
    pub fn same(&self, a: &str, b: &str) -> Option<bool> {
        if a == b {
            return Some(true);
        }
        match (self.env_of(a), self.env_of(b)) {
            (Some(x), Some(y)) => Some(x == y),
            _ if is_number(a) == is_number(b) => Some(false),
            _ => None,
        }
    }

    /// The recorded shape of a secret, matching `projects/ID/…` with `projects/NUMBER/…`.
    pub fn shape_of<'e>(
        &self,
        env: &'e Environment,
        secret: &SecretRef,
    ) -> Option<&'e SecretShape> {
        env.secret_shapes.iter().find(|s| {
            let Some(rest) = s.secret.node.strip_prefix("projects/") else {
                return false;
            };
            let Some((project, name)) = rest.split_once("/secrets/") else {
                return false;
            };
            name == secret.secret
                && secret
                    .project
                    .as_deref()
                    .is_some_and(|p| self.same(p, project) == Some(true))
                && match (&s.version, &secret.version) {
                    (Some(a), Some(b)) => a.as_str() == b.as_str(),
                    _ => true,
                }
        })
    }
}

fn push(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_owned());
    }
}
