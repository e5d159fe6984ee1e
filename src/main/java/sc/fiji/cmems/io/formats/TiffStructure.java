package sc.fiji.cmems.io.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Walks a TIFF's image directories before ImageJ's decoder sees them, so that
 * no header can make a read loop forever or allocate more than the file or the
 * limit allows: the chain of directories must not come back to one already
 * seen and is at most {@value #MAX_DIRECTORIES} long; every directory and every
 * value stored outside its directory lies inside the file (which bounds every
 * array a count could make the decoder allocate); ImageJ's metadata counts add
 * up to no more than the metadata itself; and the pixels all directories
 * declare fit in {@link ReadOptions#getMaxImageBytes()}.
 */
final class TiffStructure {

	/** More image directories than this are refused (ImageJ keeps a description of each). */
	static final int MAX_DIRECTORIES = 100_000;

	private static final int WIDTH = 256, HEIGHT = 257, BITS = 258, SAMPLES = 277, STRIP_OFFSETS = 273, STRIP_BYTES = 279;
	private static final int META_DATA_COUNTS = 50838, META_DATA = 50839;
	/** Bytes per value of TIFF field types 1 to 13 (index = type). */
	private static final int[] TYPE_BYTES = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4 };

	private TiffStructure() {}

	/** The pixels the directories declare, in bytes (at least 1 bit per sample rounded up to a byte). */
	static long check(final Path file, final long maxImageBytes) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			final long size = channel.size();
			final ByteBuffer header = read(channel, 0, 8, file, "header");
			final ByteOrder order;
			if (header.get(0) == 'I' && header.get(1) == 'I') order = ByteOrder.LITTLE_ENDIAN;
			else if (header.get(0) == 'M' && header.get(1) == 'M') order = ByteOrder.BIG_ENDIAN;
			else throw new ImageFormatException(file, "not a TIFF file (no II or MM byte-order mark)");
			header.order(order);
			final int magic = header.getShort(2) & 0xffff;
			if (magic == 43) throw new ImageFormatException(file, "BigTIFF files are not supported; save as a standard TIFF");
			if (magic != 42) throw new ImageFormatException(file, "not a TIFF file (magic number " + magic + ", expected 42)");
			long ifd = header.getInt(4) & 0xffffffffL;
			final Set<Long> seen = new HashSet<>();
			long pixels = 0;
			while (ifd != 0) {
				if (!seen.add(ifd)) throw new ImageFormatException(file, "corrupt TIFF: image directory " + (seen.size() + 1) + " at offset " + ifd
					+ " is one already read (the chain of directories loops)");
				if (seen.size() > MAX_DIRECTORIES) throw new ImageFormatException(file, "TIFF with more than " + MAX_DIRECTORIES + " image directories");
				if (ifd < 8) throw new ImageFormatException(file, "corrupt TIFF: image directory " + seen.size() + " at offset " + ifd + " overlaps the header");
				if (ifd + 2 > size) throw new ImageFormatException(file, "truncated TIFF: image directory " + seen.size() + " at offset " + ifd
					+ " lies beyond the end of the file (" + size + " bytes)");
				final int entries = read(channel, ifd, 2, file, "directory").order(order).getShort(0) & 0xffff;
				final long bytes = 2 + 12L * entries + 4;
				if (ifd + bytes > size) throw new ImageFormatException(file, "truncated TIFF: image directory " + seen.size() + " at offset " + ifd + " has "
					+ entries + " entries, which end after the file (" + size + " bytes)");
				final ByteBuffer dir = read(channel, ifd, (int) bytes, file, "directory").order(order);
				pixels = FileChecks.plus(pixels, directory(file, channel, dir, entries, seen.size(), size, order));
				FileChecks.requireWithinLimit(file, "the pixels of its first " + seen.size() + " image directories", pixels, maxImageBytes);
				ifd = dir.getInt(2 + 12 * entries) & 0xffffffffL;
			}
			if (seen.isEmpty()) throw new ImageFormatException(file, "not a readable TIFF (no image directory)");
			return pixels;
		}
	}

	/** Checks one directory's entries; @return the bytes of pixels it declares */
	private static long directory(final Path file, final FileChannel channel, final ByteBuffer dir, final int entries, final int number, final long size,
		final ByteOrder order) throws IOException
	{
		long width = 0, height = 0, bits = 8, samples = 1, metaBytes = 0;
		long metaCounts = -1;
		for (int e = 0; e < entries; e++) {
			final int at = 2 + 12 * e;
			final int tag = dir.getShort(at) & 0xffff;
			final int type = dir.getShort(at + 2) & 0xffff;
			final long count = dir.getInt(at + 4) & 0xffffffffL;
			// unknown types count as one byte a value; ImageJ reads the strip tables as 2 or 4 bytes a value whatever their type says
			final int each = tag == STRIP_OFFSETS || tag == STRIP_BYTES ? (type == 3 ? 2 : 4) : type < TYPE_BYTES.length ? Math.max(1, TYPE_BYTES[type]) : 1;
			final long bytes = count * each;
			final long offset = dir.getInt(at + 8) & 0xffffffffL;
			if (bytes > 4 && offset + bytes > size) throw new ImageFormatException(file, "truncated or corrupt TIFF: tag " + tag + " of image directory " + number
				+ " holds " + count + " values at offset " + offset + ", beyond the end of the file (" + size + " bytes)");
			switch (tag) {
				case WIDTH:
					width = first(channel, dir, at, type, count, order, file);
					break;
				case HEIGHT:
					height = first(channel, dir, at, type, count, order, file);
					break;
				case BITS:
					bits = first(channel, dir, at, type, count, order, file);
					break;
				case SAMPLES:
					samples = first(channel, dir, at, type, count, order, file);
					break;
				case META_DATA_COUNTS:
					metaCounts = sum(channel, dir, at, type, count, order, file);
					break;
				case META_DATA:
					metaBytes = bytes;
					break;
				default:
			}
		}
		if (metaCounts > metaBytes) throw new ImageFormatException(file, "corrupt TIFF: ImageJ's metadata counts in image directory " + number
			+ " add up to " + metaCounts + " bytes, but its metadata has " + metaBytes);
		if (width <= 0 || height <= 0) return 0; // not an image: ImageJ refuses it itself
		return FileChecks.times(FileChecks.times(FileChecks.times(width, height), Math.max(1, samples)), Math.max(1, (bits + 7) / 8));
	}

	/** The first value of a SHORT or LONG entry, wherever it is stored; 0 for other types or no values. */
	private static long first(final FileChannel channel, final ByteBuffer dir, final int at, final int type, final long count, final ByteOrder order,
		final Path file) throws IOException
	{
		if (type != 3 && type != 4) return 0;
		final long[] v = values(channel, dir, at, type, count, 1, order, file);
		return v.length == 0 ? 0 : v[0];
	}

	/** The sum of a SHORT or LONG entry's values (ImageJ's metadata counts, which it reads as either). */
	private static long sum(final FileChannel channel, final ByteBuffer dir, final int at, final int type, final long count, final ByteOrder order,
		final Path file) throws IOException
	{
		long sum = 0;
		for (final long v : values(channel, dir, at, type, count, count, order, file)) sum += v;
		return sum;
	}

	/**
	 * The first {@code max} of an entry's {@code count} values, read as SHORT
	 * (type 3) or LONG (anything else): from the entry itself when all its
	 * values fit in its 4 bytes, else from the offset it holds (checked before
	 * to lie inside the file).
	 */
	private static long[] values(final FileChannel channel, final ByteBuffer dir, final int at, final int type, final long count, final long max,
		final ByteOrder order, final Path file) throws IOException
	{
		final int each = type == 3 ? 2 : 4;
		final long n = Math.min(count, max);
		final ByteBuffer b = count * each <= 4 ? inline(dir, at, order)
			: read(channel, dir.getInt(at + 8) & 0xffffffffL, (int) (n * each), file, "values of tag " + (dir.getShort(at) & 0xffff)).order(order);
		final long[] v = new long[(int) n];
		for (int i = 0; i < v.length; i++) v[i] = each == 2 ? b.getShort(i * 2) & 0xffff : b.getInt(i * 4) & 0xffffffffL;
		return v;
	}

	/** The 4-byte value field of the entry at {@code at}. */
	private static ByteBuffer inline(final ByteBuffer dir, final int at, final ByteOrder order) {
		final ByteBuffer b = ByteBuffer.allocate(4).order(order);
		for (int i = 0; i < 4; i++) b.put(i, dir.get(at + 8 + i));
		return b;
	}


	private static ByteBuffer read(final FileChannel channel, final long at, final int length, final Path file, final String what) throws IOException {
		final ByteBuffer b = ByteBuffer.allocate(length);
		while (b.hasRemaining()) {
			if (channel.read(b, at + b.position()) < 0) throw new ImageFormatException(file, "truncated TIFF: the " + what + " at offset " + at
				+ " ends after the file");
		}
		b.flip();
		return b;
	}
}
