package sc.fiji.cmems.io.formats;

/**
 * Options for reading formats that hold several arrays in one file. Immutable;
 * the {@code with...} methods return modified copies.
 */
public final class ReadOptions {

	/** Name of the image dataset in ACDC-style HDF5 files. */
	public static final String DEFAULT_IMAGE_DATASET = "image";

	/** Name of the label dataset in ACDC-style HDF5 files. */
	public static final String DEFAULT_LABEL_DATASET = "label";

	private static final ReadOptions DEFAULTS = new ReadOptions(DEFAULT_IMAGE_DATASET, DEFAULT_LABEL_DATASET);

	private final String imageDataset;
	private final String labelDataset;

	private ReadOptions(final String imageDataset, final String labelDataset) {
		this.imageDataset = check(imageDataset, "image dataset");
		this.labelDataset = check(labelDataset, "label dataset");
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
		return new ReadOptions(imageDataset, labelDataset);
	}

	/** @param labelDataset HDF5 path of the label dataset */
	public ReadOptions withLabelDataset(final String labelDataset) {
		return new ReadOptions(imageDataset, labelDataset);
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
		return "ReadOptions[image=" + imageDataset + ", label=" + labelDataset + "]";
	}
}
