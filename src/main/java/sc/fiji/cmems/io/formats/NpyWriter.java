package sc.fiji.cmems.io.formats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import sc.fiji.cmems.engine.model.AtomicFiles;

/** NumPy's {@code .npy} format (version 1.0), little-endian float32, C order: what bioimage.io test tensors are. */
public final class NpyWriter {

	private NpyWriter() {}

	/** @return the bytes of a {@code .npy} file holding {@code values} shaped {@code shape} */
	public static byte[] float32(final float[] values, final long... shape) {
		long size = 1;
		final StringBuilder dims = new StringBuilder();
		for (final long d : shape) {
			size *= d;
			dims.append(d).append(", ");
		}
		if (size != values.length) throw new IllegalArgumentException(values.length + " values for a shape of " + size);
		String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + (shape.length == 1 ? dims.toString().trim() : dims.substring(0, dims.length() - 2))
			+ "), }";
		final int unpadded = 10 + header.length() + 1;
		header += " ".repeat((64 - unpadded % 64) % 64) + "\n";
		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(0x93);
		out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
		out.write(1);
		out.write(0);
		final byte[] h = header.getBytes(StandardCharsets.US_ASCII);
		out.write(h.length & 0xff);
		out.write(h.length >>> 8);
		out.writeBytes(h);
		final ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : values) data.putFloat(v);
		out.writeBytes(data.array());
		return out.toByteArray();
	}

	/** Writes {@link #float32} to {@code file}, atomically. */
	public static void write(final Path file, final float[] values, final long... shape) throws IOException {
		final byte[] bytes = float32(values, shape);
		AtomicFiles.write(file, o -> o.write(bytes));
	}
}
