package sc.fiji.cmems.engine.data;

/** A labeled validation image held as normalised slices at its native size. */
public final class ValidationCase {

	private final String name;
	private final int width, height;
	private final float[][] slices;
	private final int[][] labels;

	public ValidationCase(final String name, final int width, final int height, final float[][] slices, final int[][] labels) {
		this.name = name;
		this.width = width;
		this.height = height;
		this.slices = slices;
		this.labels = labels;
	}

	public String name() {
		return name;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** @return normalised slices, each {@code width * height}, x fastest */
	public float[][] slices() {
		return slices;
	}

	/** @return label slices matching {@link #slices()} */
	public int[][] labels() {
		return labels;
	}
}
