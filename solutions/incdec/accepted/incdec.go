// IncDec sequence, reference solution (Go).
// Difference array: with p / q the sums of the positive / negative adjacent
// differences, the minimum number of operations is max(p, q) and the final value can
// be any of |p - q| + 1 values. p and q reach ~1e14 and the count 2^31: int64.
// Input through a bufio.Scanner splitting words (fmt.Scan is slow for 1e5 numbers).
// Time O(n), memory O(1).
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
)

func main() {
	in := bufio.NewScanner(bufio.NewReaderSize(os.Stdin, 1<<16))
	in.Split(bufio.ScanWords)
	next := func() int64 {
		in.Scan()
		x, _ := strconv.ParseInt(in.Text(), 10, 64)
		return x
	}
	n := int(next())
	var prev, p, q int64
	for i := 0; i < n; i++ {
		x := next()
		if i > 0 {
			if x > prev {
				p += x - prev
			} else {
				q += prev - x
			}
		}
		prev = x
	}
	count := p - q
	if count < 0 {
		count = -count
	}
	if q > p {
		p = q
	}
	fmt.Printf("%d\n%d\n", p, count+1)
}
