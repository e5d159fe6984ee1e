package sc.fiji.cmems.benchmark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which training slices a benchmark run learns with their labels (PROTOCOL.md,
 * "Label budgets beyond one slice"), from one entry of {@code exemplars=}:
 * <ul>
 * <li>{@code default}: the protocol's exemplar (the rule on the first patient);</li>
 * <li>{@code patient038}: the rule's slice of that patient;</li>
 * <li>a slice id ({@code patient099_frame01_slice_3});</li>
 * <li>{@code patient099x3} ({@code defaultx3}: the default exemplar's patient): k slices of one patient's end
 * diastole, the rule applied in each of k runs of its slices from base to apex;</li>
 * <li>several of these joined by {@code +}: a labeled set;</li>
 * <li>{@code cases1}, {@code cases3}, {@code cases7}: SSL4MIS's "1 / 3 / 7 cases labeled" splits, the first
 * 32, 68 or 136 slices of {@code train_slices.list} (its {@code patients_to_slices}).</li>
 * </ul>
 * Every other training slice is used without its label.
 */
final class LabelBudget {

	/** SSL4MIS's ACDC split: labeled cases to the number of leading slices of train_slices.list. */
	static final Map<String, Integer> SSL4MIS_SPLITS;
	static {
		final Map<String, Integer> m = new LinkedHashMap<>();
		m.put("cases1", 32);
		m.put("cases3", 68);
		m.put("cases7", 136);
		SSL4MIS_SPLITS = Collections.unmodifiableMap(m);
	}

	/** {@code patient099x3}, {@code defaultx3}: the rule at k slice positions of one patient. */
	private static final Pattern AT_POSITIONS = Pattern.compile("(default|patient\\d+)x(\\d+)");

	private static String patientOf(final String sliceId) {
		return sliceId.substring(0, sliceId.indexOf('_'));
	}

	/** The entry as given (after "default" and patient names were resolved): the runs' folder and the report's name. */
	final String key;
	/** The labeled slices' ids. */
	final List<String> slices;

	private LabelBudget(final String key, final List<String> slices) {
		this.key = key;
		this.slices = Collections.unmodifiableList(new ArrayList<>(slices));
	}

	static LabelBudget resolve(final String entry, final AcdcData data) throws IOException {
		final Integer split = SSL4MIS_SPLITS.get(entry);
		if (split != null) return new LabelBudget(entry, data.trainSlices().subList(0, Math.min(split, data.trainSlices().size())));
		final List<String> ids = new ArrayList<>();
		for (final String part : entry.split("\\+")) {
			if (part.isEmpty()) throw new IllegalArgumentException("exemplars: '" + entry + "' has an empty part");
			final Matcher positions = AT_POSITIONS.matcher(part);
			if (positions.matches()) {
				final String patient = positions.group(1).equals("default") ? patientOf(ExemplarRule.defaultExemplar(data)) : positions.group(1);
				ids.addAll(ExemplarRule.forPatientAtPositions(data, patient, Integer.parseInt(positions.group(2))));
				continue;
			}
			ids.add(part.equals("default") ? ExemplarRule.defaultExemplar(data) : part.matches("patient\\d+") ? ExemplarRule.forPatient(data, part) : part);
		}
		// a set by positions keeps its short name; anything else is named by its slices
		return new LabelBudget(AT_POSITIONS.matcher(entry).matches() ? entry : String.join("+", ids), ids);
	}

	/** @return whether it is one slice (the one-exemplar protocol) */
	boolean oneSlice() {
		return slices.size() == 1;
	}

	@Override
	public String toString() {
		return key;
	}
}
