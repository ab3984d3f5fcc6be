// IncDec sequence, reference solution (Java).
// Difference array: with p / q the sums of the positive / negative adjacent
// differences, the minimum number of operations is max(p, q) and the final value can
// be any of |p - q| + 1 values. p and q reach ~1e14 and the count 2^31: long.
// Input read through a byte buffer (Scanner is too slow for 1e5 numbers).
// Time O(n), memory O(1).
import java.io.DataInputStream;
import java.io.IOException;

public class IncDec {
	static final DataInputStream in = new DataInputStream(System.in);
	static final byte[] buf = new byte[1 << 16];
	static int len = 0, pos = 0;

	static int read() throws IOException {
		if (pos == len) {
			len = in.read(buf, 0, buf.length);
			pos = 0;
			if (len <= 0) return -1;
		}
		return buf[pos++];
	}

	static long nextLong() throws IOException {
		int c = read();
		while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = read();
		long x = 0;
		for (; c >= '0' && c <= '9'; c = read()) x = x * 10 + (c - '0');
		return x;
	}

	public static void main(String[] args) throws IOException {
		int n = (int) nextLong();
		long prev = 0, p = 0, q = 0;
		for (int i = 0; i < n; i++) {
			long x = nextLong();
			if (i > 0) {
				if (x > prev) p += x - prev;
				else q += prev - x;
			}
			prev = x;
		}
		System.out.println(Math.max(p, q) + "\n" + (Math.abs(p - q) + 1));
	}
}
