package sc.fiji.cmems.benchmark;

import java.io.IOException;
import java.util.List;

import sc.fiji.cmems.engine.data.ImageInput;
import sc.fiji.cmems.engine.data.ImgSlices;

/**
 * The protocol's default exemplar: among the end-diastole ({@code frame01})
 * slices of the first patient of {@code train_slices.list}, the slice that
 * maximises {@code min(#RV, #Myo, #LV)} pixels (ties: the first in list order).
 * The same rule picks an exemplar from any other training patient, for the
 * protocol's "at least 3 different exemplars".
 */
public final class ExemplarRule {

	private ExemplarRule() {}

	/** @return the id of the default exemplar slice */
	public static String defaultExemplar(final AcdcData data) throws IOException {
		final List<String> slices = data.trainSlices();
		return forPatient(data, slices.get(0).substring(0, slices.get(0).indexOf('_')));
	}

	/**
	 * @param patient a patient id such as {@code patient038}
	 * @return the id of the frame01 slice of that patient chosen by the rule
	 */
	public static String forPatient(final AcdcData data, final String patient) throws IOException {
		final List<String> slices = data.trainSlices();
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
		if (best == null) throw new IllegalArgumentException("exemplar '" + patient + "': no frame01 slice of that patient in train_slices.list");
		return best;
	}

	/** @return the pixel count of the rarest of classes 1..3 */
	static long minForeground(final ImageInput slice) {
		final long[] counts = new long[4];
		for (final int v : ImgSlices.readInts(slice.labels(), 0)) if (v >= 0 && v < 4) counts[v]++;
		return Math.min(counts[1], Math.min(counts[2], counts[3]));
	}
}
