package sc.fiji.cmems.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.method.CmemsSettings;
import sc.fiji.cmems.engine.method.TrainingMethods;
import sc.fiji.cmems.engine.train.TrainingSettings;

/**
 * The training parameters a Fiji user sees, with defaults that fit a desktop
 * computer (a few thousand iterations at 64x64: at 128x128 one-exemplar training
 * measured far lower at such budgets, RESULTS.md), turned into the engine's
 * {@link TrainingSettings}. Everything else is reachable by name through
 * {@link #advanced} ({@code "learningRate=0.005 cmems.rampUp=0.3"}).
 */
public final class TrainingOptions {

	public String method = TrainingMethods.DEFAULT;
	public int iterations = 2000;
	public int imageSize = 64;
	public int exemplarBatch = 2;
	public int syntheticBatch = 6;
	public int unlabeledBatch = 8;
	/** Confidence a pseudo-label needs to count (CMEMS only). */
	public double threshold = 0.95;
	public String device = "auto";
	public long seed = 1;
	/** Class names, background first, comma-separated; empty = "background, class 1, ...". */
	public String classNames = "";
	/** Any other training setting as {@code key=value} pairs. */
	public String advanced = "";

	/**
	 * @throws IllegalArgumentException naming the first bad parameter and its value
	 */
	public TrainingSettings toSettings() {
		final TrainingSettings s = new TrainingSettings();
		s.method = method == null ? "" : method.trim().toLowerCase(java.util.Locale.ROOT);
		s.iterations = iterations;
		s.imageSize = imageSize;
		s.exemplarBatch = exemplarBatch;
		s.syntheticBatch = syntheticBatch;
		s.unlabeledBatch = unlabeledBatch;
		s.method(CmemsSettings.class).threshold = threshold;
		s.device = device == null || device.trim().isEmpty() ? "auto" : device.trim();
		s.seed = seed;
		final List<String> names = classNames(classNames);
		if (!names.isEmpty()) {
			if (names.size() < 2) throw new IllegalArgumentException("classnames needs the background and at least one structure, e.g. 'background, RV, Myo, LV'; was '" + classNames + "'");
			s.classNames = names;
			s.classes = names.size();
		}
		if (advanced != null && !advanced.trim().isEmpty()) {
			for (final Map.Entry<String, String> e : Arguments.fromMacroOptions(advanced).values().entrySet())
				s.set(e.getKey(), e.getValue());
		}
		return s.check();
	}

	/** @return the names of a comma-separated list, trimmed, empty ones dropped */
	public static List<String> classNames(final String list) {
		final List<String> out = new ArrayList<>();
		if (list == null) return out;
		for (final String n : Arrays.asList(list.split(",")))
			if (!n.trim().isEmpty()) out.add(n.trim());
		return out;
	}
}
