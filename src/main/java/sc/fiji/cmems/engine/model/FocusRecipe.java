package sc.fiji.cmems.engine.model;

/**
 * How a two-stage model segments an image, stored in its bundle: the first
 * stage (the localiser) segments the whole image; a square box around the
 * structures it found, {@link #margin} wider on each side, is cut out, and the
 * second stage segments that box at its own input size. So every image reaches
 * the second network with its structures at the scale at which the exemplar's
 * crop showed them, whatever the heart's size or the field of view.
 */
public final class FocusRecipe {

	/** Added on each side of the structures' bounding box, as a share of its longer side. */
	public double margin = 0.5;
	/** Slices above and below those with located structures that the second stage also segments. */
	public int sliceMargin = 1;

	public FocusRecipe() {}

	public FocusRecipe(final double margin, final int sliceMargin) {
		this.margin = margin;
		this.sliceMargin = sliceMargin;
	}

	/** @throws IllegalArgumentException naming the bad field */
	public FocusRecipe check() {
		if (!(margin >= 0 && margin <= 4)) throw new IllegalArgumentException("focus.margin must be in [0, 4], was " + margin);
		if (sliceMargin < 0) throw new IllegalArgumentException("focus.sliceMargin must be >= 0, was " + sliceMargin);
		return this;
	}
}
