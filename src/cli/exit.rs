//! Exit codes, stable for CI.

/// How a run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Every rule passed or was waived; the contract is valid; nothing to reformat.
    Ok = 0,
    /// A rule failed (`check`), or a file would be reformatted (`fmt --check`).
    Failed = 1,
    /// The contract or an input could not be read or compiled, or the arguments are wrong.
    Error = 2,
    /// Nothing failed but some rules could not be decided.
    Unknown = 3,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The more serious of two outcomes (`Error` over `Failed` over `Unknown` over `Ok`).
    #[must_use]
    pub fn max(self, other: Exit) -> Exit {
        let rank = |e: Exit| match e {
            Exit::Ok => 0,
            Exit::Unknown => 1,
            Exit::Failed => 2,
            Exit::Error => 3,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}
