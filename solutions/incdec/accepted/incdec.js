// IncDec sequence, reference solution (JavaScript, Node.js).
// Difference array: with p / q the sums of the positive / negative adjacent
// differences, the minimum number of operations is max(p, q) and the final value can
// be any of |p - q| + 1 values. p and q reach ~1e14 and the count 2^31: past 32 bits
// but below 2^53, so JavaScript's doubles hold them exactly (BigInt is not needed).
// The whole input is read at once and split on whitespace.
// Time O(n), memory O(n) (the input).
"use strict";
const tokens = require("fs").readFileSync(0, "latin1").split(/\s+/).filter((t) => t.length > 0);
const n = Number(tokens[0]);
let prev = 0, p = 0, q = 0;
for (let i = 0; i < n; i++) {
  const x = Number(tokens[i + 1]);
  if (i > 0) {
    if (x > prev) p += x - prev;
    else q += prev - x;
  }
  prev = x;
}
process.stdout.write(`${Math.max(p, q)}\n${Math.abs(p - q) + 1}\n`);
