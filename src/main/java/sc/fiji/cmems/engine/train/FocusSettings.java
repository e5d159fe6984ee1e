package sc.fiji.cmems.engine.train;

import sc.fiji.cmems.engine.model.FocusRecipe;

/**
 * Two-stage training around the structures ({@link FocusedTraining}): a first
 * network learns to find the structures in the whole image, a second learns to
 * segment a box around them, in which they always fill the same share of the
 * input. Part of {@link TrainingSettings} ({@code focus.enabled=false} trains
 * one network on the whole image, as before).
 */
public final class FocusSettings {

	/** The two stages of a focused run; a stage's own settings name it. */
	public enum Stage {
		/** the first network, on whole images */
		LOCATE,
		/** the second network, on boxes around what the first found */
		SEGMENT
	}

	/** Whether to train in two stages. */
	public boolean enabled = false;
	/** Share of the iterations that the first stage (finding the structures) gets. */
	public double locateShare = 0.35;
	/** The first stage's input size (a multiple of 16); 0 = imageSize. */
	public int locateImageSize = 0;
	/** Added on each side of the structures' bounding box, as a share of its longer side. */
	public double margin = 0.5;
	/** Slices above and below the located structures that the second stage also segments. */
	public int sliceMargin = 1;

	/** Whether the second stage's networks start from the first stage's (else from a fresh initialisation). */
	public boolean warmStart = false;

	/** Set only in a stage's own settings (in its checkpoint): which stage it is. */
	public Stage stage = null;
	/** Set only in a stage's own settings: the whole run's iterations. */
	public int runIterations = 0;
	/** Set only in a stage's own settings: the whole run's image size (the second stage's). */
	public int runImageSize = 0;

	/** @throws IllegalArgumentException naming the first bad setting and its value */
	public FocusSettings check() {
		if (!(locateShare > 0 && locateShare < 1)) throw new IllegalArgumentException("focus.locateShare must be in (0, 1), was " + locateShare);
		if (locateImageSize != 0 && (locateImageSize < 16 || locateImageSize % 16 != 0))
			throw new IllegalArgumentException("focus.locateImageSize must be 0 (imageSize) or a positive multiple of 16, was " + locateImageSize);
		recipe();
		return this;
	}

	/** @return the recipe that a two-stage model of these settings stores */
	public FocusRecipe recipe() {
		return new FocusRecipe(margin, sliceMargin).check();
	}
}
