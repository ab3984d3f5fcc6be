// IncDec sequence, reference solution (Rust).
// Difference array: with p / q the sums of the positive / negative adjacent
// differences, the minimum number of operations is max(p, q) and the final value can
// be any of |p - q| + 1 values. p and q reach ~1e14 and the count 2^31: i64.
// The whole input is read at once and split on whitespace.
// Time O(n), memory O(n) (the input).
use std::io::{self, Read};

fn main() {
    let mut text = String::new();
    io::stdin().read_to_string(&mut text).unwrap();
    let mut tokens = text.split_ascii_whitespace().map(|t| t.parse::<i64>().unwrap());
    let n = tokens.next().unwrap() as usize;
    let (mut p, mut q) = (0i64, 0i64);
    let mut prev = 0i64;
    for (i, x) in tokens.take(n).enumerate() {
        if i > 0 {
            if x > prev { p += x - prev } else { q += prev - x }
        }
        prev = x;
    }
    println!("{}\n{}", p.max(q), (p - q).abs() + 1);
}
