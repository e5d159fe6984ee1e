package sc.fiji.cmems.io.formats;

/**
 * Options for reading: the arrays to take from formats that hold several, and
 * the most bytes one image may take in memory, which bounds what any header
 * can make a reader allocate. Immutable; the {@code with...} methods return
 * modified copies.
 */
public final class ReadOptions {

	/** Name of the image dataset in ACDC-style HDF5 files. */
	public static final String DEFAULT_IMAGE_DATASET = "image";

	/** Name of the label dataset in ACDC-style HDF5 files. */
	public static final String DEFAULT_LABEL_DATASET = "label";

	/** The system property that sets the default {@link #getMaxImageBytes()} (in bytes). */
	public static final String MAX_IMAGE_BYTES_PROPERTY = "cmems.maxImageBytes";

	/** No image is larger than one Java array can hold. */
	static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;

	private static final ReadOptions DEFAULTS = new ReadOptions(DEFAULT_IMAGE_DATASET, DEFAULT_LABEL_DATASET, defaultMaxImageBytes());

	private final String imageDataset;
	private final String labelDataset;
	private final long maxImageBytes;

	private ReadOptions(final String imageDataset, final String labelDataset, final long maxImageBytes) {
		this.imageDataset = check(imageDataset, "image dataset");
		this.labelDataset = check(labelDataset, "label dataset");
		if (maxImageBytes < 1) throw new IllegalArgumentException("maxImageBytes must be at least 1, was " + maxImageBytes);
		this.maxImageBytes = maxImageBytes;
	}

	/**
	 * The default limit of one image: the system property
	 * {@value #MAX_IMAGE_BYTES_PROPERTY} when set, otherwise a quarter of the
	 * Java heap (reading and converting an image needs a few times its size),
	 * and never more than one Java array holds (2^31 - 9 bytes).
	 */
	static long defaultMaxImageBytes() {
		final String set = System.getProperty(MAX_IMAGE_BYTES_PROPERTY);
		if (set != null) {
			try {
				return Math.max(1, Math.min(ARRAY_LIMIT, Long.parseLong(set.trim())));
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("system property " + MAX_IMAGE_BYTES_PROPERTY + " must be a number of bytes, was '" + set + "'");
			}
		}
		return Math.min(ARRAY_LIMIT, Runtime.getRuntime().maxMemory() / 4);
	}

	/** Datasets {@code image} and {@code label}. */
	public static ReadOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * @param imageDataset HDF5 path of the image dataset, e.g. {@code "image"} or
	 *          {@code "/volumes/raw"}
	 */
	public ReadOptions withImageDataset(final String imageDataset) {
		return new ReadOptions(imageDataset, labelDataset, maxImageBytes);
	}

	/** @param labelDataset HDF5 path of the label dataset */
	public ReadOptions withLabelDataset(final String labelDataset) {
		return new ReadOptions(imageDataset, labelDataset, maxImageBytes);
	}

	/**
	 * @param maxImageBytes the most bytes one image may take in memory (its
	 *          voxels times the bytes of its type); a file declaring more is
	 *          refused before anything that large is allocated
	 */
	public ReadOptions withMaxImageBytes(final long maxImageBytes) {
		return new ReadOptions(imageDataset, labelDataset, maxImageBytes);
	}

	/** @return the most bytes one image may take in memory */
	public long getMaxImageBytes() {
		return maxImageBytes;
	}

	public String getImageDataset() {
		return imageDataset;
	}

	public String getLabelDataset() {
		return labelDataset;
	}

	private static String check(final String name, final String what) {
		if (name == null || name.trim().isEmpty()) throw new IllegalArgumentException(what + " name is empty");
		return name;
	}

	@Override
	public String toString() {
		return "ReadOptions[image=" + imageDataset + ", label=" + labelDataset + ", maxImageBytes=" + maxImageBytes + "]";
	}
}
