package sc.fiji.cmems.benchmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
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

	/**
	 * The rule at k slice positions: the patient's frame01 slices in slice order
	 * are cut into k runs of (nearly) equal length, base to apex, and in each run
	 * the rule picks its slice.
	 *
	 * @return k slice ids, in slice order
	 */
	public static List<String> forPatientAtPositions(final AcdcData data, final String patient, final int k) throws IOException {
		if (k < 1) throw new IllegalArgumentException("a number of slices must be >= 1, was " + k);
		final List<String> frame = new ArrayList<>();
		for (final String id : data.trainSlices()) if (id.startsWith(patient + "_frame01_")) frame.add(id);
		if (frame.size() < k) throw new IllegalArgumentException("exemplar '" + patient + "x" + k + "': that patient has " + frame.size() + " frame01 slices in train_slices.list");
		frame.sort(Comparator.comparingInt(ExemplarRule::sliceNumber));
		final List<String> chosen = new ArrayList<>();
		for (int part = 0; part < k; part++) {
			String best = null;
			long bestScore = -1;
			for (int i = part * frame.size() / k; i < (part + 1) * frame.size() / k; i++) {
				final long score = minForeground(data.slice(frame.get(i)));
				if (score > bestScore) {
					bestScore = score;
					best = frame.get(i);
				}
			}
			chosen.add(best);
		}
		return chosen;
	}

	private static int sliceNumber(final String id) {
		return Integer.parseInt(id.substring(id.lastIndexOf('_') + 1));
	}

	/** @return the pixel count of the rarest of classes 1..3 */
	static long minForeground(final ImageInput slice) {
		final long[] counts = new long[4];
		for (final int v : ImgSlices.readInts(slice.labels(), 0)) if (v >= 0 && v < 4) counts[v]++;
		return Math.min(counts[1], Math.min(counts[2], counts[3]));
	}
}
