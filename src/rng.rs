//! A small deterministic generator (xorshift64) for synthetic benchmark and
//! test data: the same seed gives the same data on every machine, with no
//! dependency and no global state.

/// Marsaglia's xorshift64 (shifts 13, 7, 17). Not for anything that needs
/// good randomness; only for reproducible synthetic input.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed. Xorshift stays at zero from zero, so the
    /// lowest bit is set.
    pub fn new(seed: u64) -> XorShift {
        XorShift(seed | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `[0, 1)`, from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_in_range() {
        let (mut a, mut b) = (XorShift::new(42), XorShift::new(42));
        for _ in 0..1000 {
            assert_eq!(a.next_u64(), b.next_u64());
            assert!(a.below(7) < 7);
            let u = a.unit();
            assert!((0.0..1.0).contains(&u));
            b.below(7);
            b.unit();
        }
        assert_eq!(XorShift::new(0).below(0), 0);
        // Seed 0 would stay at 0 forever.
        assert_ne!(XorShift::new(0).next_u64(), 0);
    }
}
