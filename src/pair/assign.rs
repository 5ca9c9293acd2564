//! One-to-one assignment: competitive linking, then pairwise swaps.

use std::collections::HashMap;

/// Keeps scored edges `(source, target, score)` one to one.
///
/// Competitive linking takes edges best first (ties: lower source, then
/// lower target index) while both ends are free and the score reaches the
/// threshold. Greedy linking can be fooled when two sources compete for
/// two targets (the halves of one story): a source may take the target
/// its sibling fits better. So pairs `(a, b)`, `(c, d)` are then swapped
/// to `(a, d)`, `(c, b)` whenever that raises the sum of scores, until no
/// swap does (at most a few rounds; each swap strictly raises the sum).
pub(crate) fn assign(
    edges: &[(usize, usize, f64)],
    n_src: usize,
    n_tgt: usize,
    threshold: f64,
) -> Vec<(usize, usize, f64)> {
    let mut order: Vec<&(usize, usize, f64)> = edges
        .iter()
        .filter(|e| e.2.is_finite() && e.2 >= threshold && e.0 < n_src && e.1 < n_tgt)
        .collect();
    order.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut s_to = vec![usize::MAX; n_src];
    let mut t_to = vec![usize::MAX; n_tgt];
    for &&(s, t, _) in &order {
        if s_to[s] == usize::MAX && t_to[t] == usize::MAX {
            s_to[s] = t;
            t_to[t] = s;
        }
    }
    let score: HashMap<(usize, usize), f64> = order.iter().map(|e| ((e.0, e.1), e.2)).collect();
    let mut by_src: Vec<Vec<usize>> = vec![Vec::new(); n_src];
    for e in &order {
        by_src[e.0].push(e.1);
    }
    for v in &mut by_src {
        v.sort_unstable();
        v.dedup();
    }
    for _round in 0..8 {
        let mut changed = false;
        for a in 0..n_src {
            let b = s_to[a];
            if b == usize::MAX {
                continue;
            }
            for &d in &by_src[a] {
                let c = t_to[d];
                if d == b || c == usize::MAX {
                    continue;
                }
                let (Some(&ab), Some(&cd), Some(&ad), Some(&cb)) = (
                    score.get(&(a, b)),
                    score.get(&(c, d)),
                    score.get(&(a, d)),
                    score.get(&(c, b)),
                ) else {
                    continue;
                };
                // A margin keeps float noise from swapping back and forth.
                if ad + cb > ab + cd + 1e-9 {
                    s_to[a] = d;
                    t_to[d] = a;
                    s_to[c] = b;
                    t_to[b] = c;
                    changed = true;
                    break;
                }
            }
        }
        if !changed {
            break;
        }
    }
    (0..n_src)
        .filter(|&s| s_to[s] != usize::MAX)
        .map(|s| (s, s_to[s], score[&(s, s_to[s])]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_then_swap() {
        // Greedy takes (0,0) at 0.9, leaving 1 with 1 at 0.2; the swap sums
        // 0.8 + 0.85 = 1.65 > 1.1.
        let edges = [(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.85), (1, 1, 0.2)];
        let got = assign(&edges, 2, 2, 0.1);
        assert_eq!(got, [(0, 1, 0.8), (1, 0, 0.85)]);
    }

    #[test]
    fn threshold_and_one_to_one() {
        let edges = [(0, 0, 0.9), (1, 0, 0.8), (2, 1, 0.05)];
        let got = assign(&edges, 3, 2, 0.3);
        assert_eq!(got, [(0, 0, 0.9)]);
        assert!(assign(&[], 0, 0, 0.3).is_empty());
        // Out-of-range and NaN edges are ignored, not a panic.
        assert!(assign(&[(5, 0, 0.9), (0, 0, f64::NAN)], 1, 1, 0.3).is_empty());
    }

    #[test]
    fn ties_go_to_lower_indices() {
        let edges = [(1, 0, 0.5), (0, 0, 0.5)];
        assert_eq!(assign(&edges, 2, 1, 0.3), [(0, 0, 0.5)]);
    }
}
