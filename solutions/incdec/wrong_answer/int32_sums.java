// IncDec sequence, WRONG (Java): the right formula, max(p, q) and |p - q| + 1, but p
// and q are accumulated in 32-bit int. Mistake: p reaches ~1e14 and even the count
// |p - q| + 1 reaches 2^31, past Integer.MAX_VALUE (Java int arithmetic wraps).
// Caught by secret/03-n2-full-span ("0 2147483647": count 2^31, printed as -2147483648);
// 07-alternating would catch it too (p = 50000 * (2^31 - 1)).
// Time O(n), memory O(1).
import java.io.DataInputStream;
import java.io.IOException;

public class Main {
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

	static int nextInt() throws IOException {
		int c = read();
		while (c == ' ' || c == '\n' || c == '\r' || c == '\t') c = read();
		int x = 0;
		for (; c >= '0' && c <= '9'; c = read()) x = x * 10 + (c - '0');
		return x;
	}

	public static void main(String[] args) throws IOException {
		int n = nextInt(), prev = 0, p = 0, q = 0;
		for (int i = 0; i < n; i++) {
			int x = nextInt();
			if (i > 0) {
				if (x > prev) p += x - prev;
				else q += prev - x;
			}
			prev = x;
		}
		System.out.println(Math.max(p, q) + "\n" + (Math.abs(p - q) + 1));
	}
}
