package sc.fiji.cmems.benchmark;

import java.io.IOException;
import java.util.List;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.io.imglib2.ImgSlices;

/**
 * The protocol's default exemplar: among the end-diastole ({@code frame01})
 * slices of the first patient of {@code train_slices.list}, the slice that
 * maximises {@code min(#RV, #Myo, #LV)} pixels (ties: the first in list order).
 */
public final class ExemplarRule {

	private ExemplarRule() {}

	/** @return the id of the default exemplar slice */
	public static String defaultExemplar(final AcdcData data) throws IOException {
		final List<String> slices = data.trainSlices();
		final String patient = slices.get(0).substring(0, slices.get(0).indexOf('_'));
		String best = null;
		long bestScore = -1;
		for (final String id : slices) {
			if (!id.startsWith(patient + "_frame01_")) continue;
			final long score = minForeground(data.slice(id));
			if (score > bestScore) {
				bestScore = score;
				best = id;
			}
		}
		if (best == null) throw new IllegalStateException("no frame01 slice of " + patient + " in train_slices.list");
		return best;
	}

	/** @return the pixel count of the rarest of classes 1..3 */
	static long minForeground(final ImageInput slice) {
		final long[] counts = new long[4];
		for (final int v : ImgSlices.readInts(slice.labels(), 0)) if (v >= 0 && v < 4) counts[v]++;
		return Math.min(counts[1], Math.min(counts[2], counts[3]));
	}
}
