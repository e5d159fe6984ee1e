package sc.fiji.cmems.io.formats;

/** An image and its label image, checked to have the same dimensions. */
public final class LoadedPair {

	private final LoadedImage image;
	private final LoadedImage label;

	LoadedPair(final LoadedImage image, final LoadedImage label) {
		this.image = image;
		this.label = label;
	}

	public LoadedImage getImage() {
		return image;
	}

	public LoadedImage getLabel() {
		return label;
	}
}
