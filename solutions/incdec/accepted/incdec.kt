// IncDec sequence, reference solution (Kotlin).
// Difference array: with p / q the sums of the positive / negative adjacent
// differences, the minimum number of operations is max(p, q) and the final value can
// be any of |p - q| + 1 values. p and q reach ~1e14 and the count 2^31: Long.
// Input read as bytes through a buffered stream (readLine/split is slow for 1e5 numbers).
// Time O(n), memory O(1).
import java.io.BufferedInputStream

private val input = BufferedInputStream(System.`in`, 1 shl 16)

private fun nextLong(): Long {
    var c = input.read()
    while (c == ' '.toInt() || c == '\n'.toInt() || c == '\r'.toInt() || c == '\t'.toInt()) c = input.read()
    var x = 0L
    while (c >= '0'.toInt() && c <= '9'.toInt()) {
        x = x * 10 + (c - '0'.toInt())
        c = input.read()
    }
    return x
}

fun main() {
    val n = nextLong().toInt()
    var prev = 0L
    var p = 0L
    var q = 0L
    for (i in 0 until n) {
        val x = nextLong()
        if (i > 0) {
            if (x > prev) p += x - prev else q += prev - x
        }
        prev = x
    }
    println(maxOf(p, q))
    println(Math.abs(p - q) + 1)
}
