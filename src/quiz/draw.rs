//! Drawing an exam from a quiz: as many questions from each chosen stage as the others, reproducibly from a seed.
//!
//! The generator is SplitMix64, written out here rather than taken from a crate, so that a seed keeps drawing
//! the same exam whatever crate versions a future build resolves.

use super::Quiz;

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast, and good enough to shuffle questions.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound > 0`), without modulo bias.
    pub fn below(&mut self, bound: usize) -> usize {
        let bound = bound as u64;
        let zone = u64::MAX - u64::MAX % bound;
        loop {
            let x = self.next_u64();
            if x < zone {
                return (x % bound) as usize;
            }
        }
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// Why no exam could be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("asked for {wanted} questions, but the chosen stages hold only {available}")]
    NotEnough { wanted: usize, available: usize },
    #[error("no questions to draw: --questions must be at least 1")]
    Zero,
}

/// Draw `wanted` question indices from the given stages (all stages when empty), balanced across them:
/// each stage gets `wanted / stages` questions, the remainder goes to stages in a seeded order, and a stage
/// with too few questions passes its shortfall on to the others. The result is shuffled.
pub fn draw(quiz: &Quiz, stages: &[usize], wanted: usize, seed: u64) -> Result<Vec<usize>, DrawError> {
    if wanted == 0 {
        return Err(DrawError::Zero);
    }
    let mut rng = SplitMix64::new(seed);
    let mut chosen: Vec<usize> = if stages.is_empty() { (0..quiz.stages.len()).collect() } else { stages.to_vec() };
    chosen.sort_unstable();
    chosen.dedup();
    let mut pools: Vec<Vec<usize>> = chosen
        .iter()
        .map(|&stage| quiz.questions.iter().enumerate().filter(|(_, q)| q.stage == stage).map(|(i, _)| i).collect())
        .collect();
    let available: usize = pools.iter().map(Vec::len).sum();
    if wanted > available {
        return Err(DrawError::NotEnough { wanted, available });
    }
    for pool in &mut pools {
        rng.shuffle(pool);
    }
    // Seeded order in which stages receive the remainder and absorb shortfalls.
    let mut order: Vec<usize> = (0..pools.len()).collect();
    rng.shuffle(&mut order);

    let mut quota = vec![wanted / pools.len(); pools.len()];
    for &stage in order.iter().take(wanted % pools.len()) {
        quota[stage] += 1;
    }
    let mut spare: usize = 0;
    for (q, pool) in quota.iter_mut().zip(&pools) {
        if *q > pool.len() {
            spare += *q - pool.len();
            *q = pool.len();
        }
    }
    // Hand the shortfall out one question at a time, round-robin, so it stays as even as it can.
    while spare > 0 {
        for &stage in &order {
            if spare > 0 && quota[stage] < pools[stage].len() {
                quota[stage] += 1;
                spare -= 1;
            }
        }
    }
    let mut drawn: Vec<usize> = pools.iter().zip(&quota).flat_map(|(pool, &q)| pool[..q].iter().copied()).collect();
    rng.shuffle(&mut drawn);
    Ok(drawn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // First outputs of the reference C implementation seeded with 1234567.
        let mut rng = SplitMix64::new(1234567);
        assert_eq!(rng.next_u64(), 6457827717110365317);
        assert_eq!(rng.next_u64(), 3203168211198807973);
    }
}
