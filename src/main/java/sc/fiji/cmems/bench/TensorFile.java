package sc.fiji.cmems.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.model.AtomicFiles;

/**
 * Named tensors written for the PyTorch twin ({@code bench/pytorch/cmems_twin.py}
 * reads them): {@code "CMEMSTNS"}, int32 version 1, int32 count, then per
 * tensor int32 name length, UTF-8 name, int8 type (0 float32, 1 int64), int32
 * rank, int64 dimensions and the values, all little-endian. Deliberately
 * trivial, so that a reader in any language is a dozen lines.
 */
public final class TensorFile {

	static final byte[] MAGIC = "CMEMSTNS".getBytes(StandardCharsets.US_ASCII);
	static final int VERSION = 1;
	static final byte FLOAT32 = 0;
	static final byte INT64 = 1;

	private static final class Entry {

		final String name;
		final byte type;
		final long[] shape;
		final float[] floats;
		final long[] longs;

		Entry(final String name, final byte type, final long[] shape, final float[] floats, final long[] longs) {
			this.name = name;
			this.type = type;
			this.shape = shape;
			this.floats = floats;
			this.longs = longs;
		}
	}

	private final List<Entry> entries = new ArrayList<>();

	/** Adds an array as float32 (floating types) or int64 (integer and boolean types). */
	public TensorFile add(final String name, final NDArray array) {
		final long[] shape = array.getShape().getShape();
		final DataType type = array.getDataType();
		if (type.isFloating()) {
			final NDArray f = type == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
			return add(name, f.toFloatArray(), shape);
		}
		return addLongs(name, array.toType(DataType.INT64, false).toLongArray(), shape);
	}

	public TensorFile add(final String name, final float[] values, final long... shape) {
		check(name, values.length, shape);
		entries.add(new Entry(name, FLOAT32, shape.clone(), values.clone(), null));
		return this;
	}

	public TensorFile addLongs(final String name, final long[] values, final long... shape) {
		check(name, values.length, shape);
		entries.add(new Entry(name, INT64, shape.clone(), null, values.clone()));
		return this;
	}

	/** @return a float scalar stored as a 1-element vector */
	public TensorFile scalar(final String name, final double value) {
		return add(name, new float[] { (float) value }, 1);
	}

	/** @return number of tensors added */
	public int size() {
		return entries.size();
	}

	/** Writes the file atomically. */
	public void write(final Path file) throws IOException {
		AtomicFiles.write(file, this::writeTo);
	}

	private void writeTo(final OutputStream raw) throws IOException {
		final OutputStream out = new BufferedOutputStream(raw, 1 << 16);
		final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
		header.put(MAGIC).putInt(VERSION).putInt(entries.size());
		out.write(header.array());
		for (final Entry e : entries) {
			final byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
			final ByteBuffer h = ByteBuffer.allocate(4 + name.length + 1 + 4 + 8 * e.shape.length).order(ByteOrder.LITTLE_ENDIAN);
			h.putInt(name.length).put(name).put(e.type).putInt(e.shape.length);
			for (final long d : e.shape) h.putLong(d);
			out.write(h.array());
			final int n = e.type == FLOAT32 ? e.floats.length : e.longs.length;
			final ByteBuffer data = ByteBuffer.allocate(n * (e.type == FLOAT32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
			if (e.type == FLOAT32) data.asFloatBuffer().put(e.floats);
			else data.asLongBuffer().put(e.longs);
			out.write(data.array());
		}
		out.flush();
	}

	private static void check(final String name, final int length, final long[] shape) {
		long n = 1;
		for (final long d : shape) n *= d;
		if (n != length) throw new IllegalArgumentException("tensor " + name + ": " + length + " values for shape " + java.util.Arrays.toString(shape));
	}
}
