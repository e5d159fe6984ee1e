package sc.fiji.cmems.jobs;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code key=value} arguments, as in Fiji's {@code --run "Command" "key=value,..."}:
 * given as separate words or comma-separated; a value with spaces or commas
 * goes in brackets ({@code key=[a, b]}). Getters name the key in every error,
 * and {@link #unused()} tells which keys nobody asked for.
 */
public final class Arguments {

	private final Map<String, String> values = new LinkedHashMap<>();
	private final Set<String> used = new LinkedHashSet<>();
	/** The keys a command takes, once it said so ({@link #requireOnly}); null: any. */
	private Predicate<String> declared;

	public Arguments(final String[] words) {
		for (final String word : words)
			for (final String part : split(word)) {
				if (part.isEmpty()) continue;
				final int eq = part.indexOf('=');
				if (eq <= 0) throw new IllegalArgumentException("arguments are key=value, got '" + part + "'");
				String v = part.substring(eq + 1).trim();
				if (v.startsWith("[") && v.endsWith("]")) v = v.substring(1, v.length() - 1);
				values.put(part.substring(0, eq).trim(), v);
			}
	}

	private Arguments(final Map<String, String> parsed) {
		values.putAll(parsed);
	}

	/**
	 * Parses options as ImageJ macros and Fiji's {@code --run} write them:
	 * {@code key=value} pairs separated by spaces or commas, a value with spaces
	 * or commas in brackets ({@code key=[a b]}), and a bare {@code key} meaning
	 * {@code key=true} (how an ImageJ macro records a ticked checkbox). A comma
	 * separates pairs only when a {@code key=} follows it, so
	 * {@code classnames=background,RV,LV} stays one value.
	 *
	 * @param options e.g. {@code Macro.getOptions()}; null or empty for none
	 */
	public static Arguments fromMacroOptions(final String options) {
		final Map<String, String> parsed = new LinkedHashMap<>();
		if (options == null) return new Arguments(parsed);
		final String s = options;
		int i = 0;
		while (i < s.length()) {
			while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) i++;
			if (i >= s.length()) break;
			final int keyStart = i;
			while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '=' && s.charAt(i) != ',') i++;
			final String key = s.substring(keyStart, i);
			if (i >= s.length() || s.charAt(i) != '=') {
				parsed.put(key, "true");
				continue;
			}
			i++; // '='
			final StringBuilder value = new StringBuilder();
			if (i < s.length() && s.charAt(i) == '[') {
				final int close = s.indexOf(']', i + 1);
				if (close < 0) throw new IllegalArgumentException("option " + key + "=[... has no closing ]");
				value.append(s, i + 1, close);
				i = close + 1;
			}
			else {
				while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && !(s.charAt(i) == ',' && keyFollows(s, i + 1))) value.append(s.charAt(i++));
			}
			if (key.isEmpty()) throw new IllegalArgumentException("option without a name: '=" + value + "'");
			parsed.put(key, value.toString());
		}
		return new Arguments(parsed);
	}

	/** @return whether {@code key=} starts at {@code from} */
	private static boolean keyFollows(final String s, final int from) {
		int i = from;
		while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '.')) i++;
		return i > from && i < s.length() && s.charAt(i) == '=';
	}

	/** @return every key with its value, in the order given */
	public Map<String, String> values() {
		return java.util.Collections.unmodifiableMap(values);
	}

	/**
	 * Splits {@code a=1,b=x,y} into {@code a=1} and {@code b=x,y}: at commas
	 * outside brackets, where the next segment starts a new {@code key=}.
	 */
	private static String[] split(final String word) {
		final java.util.List<String> segments = new java.util.ArrayList<>();
		int depth = 0, start = 0;
		for (int i = 0; i < word.length(); i++) {
			final char c = word.charAt(i);
			if (c == '[') depth++;
			else if (c == ']') depth--;
			else if (c == ',' && depth == 0) {
				segments.add(word.substring(start, i));
				start = i + 1;
			}
		}
		segments.add(word.substring(start));
		final java.util.List<String> pairs = new java.util.ArrayList<>();
		for (final String segment : segments) {
			if (pairs.isEmpty() || segment.matches("\\s*[A-Za-z][\\w.-]*=.*")) pairs.add(segment.trim());
			else pairs.set(pairs.size() - 1, pairs.get(pairs.size() - 1) + "," + segment);
		}
		return pairs.toArray(new String[0]);
	}

	/**
	 * Refuses every key the command does not take, before it reads any, so that
	 * a misspelt key stops the command instead of being ignored. Reading a key
	 * outside {@code keys} afterwards is a bug in the command.
	 *
	 * @param command e.g. {@code cmems train}, for the message
	 * @param keys the keys the command reads
	 * @param alsoTaken other keys it takes (e.g. training settings by name), or null
	 * @param alsoTakenInWords what those are, for the message; null when {@code alsoTaken} is
	 * @throws IllegalArgumentException naming the unknown keys and listing the command's
	 */
	public void requireOnly(final String command, final Collection<String> keys, final Predicate<String> alsoTaken, final String alsoTakenInWords) {
		final Set<String> known = new LinkedHashSet<>(keys);
		declared = key -> known.contains(key) || alsoTaken != null && alsoTaken.test(key);
		final List<String> unknown = new ArrayList<>();
		for (final String key : values.keySet())
			if (!declared.test(key)) unknown.add(key);
		if (unknown.isEmpty()) return;
		if (known.isEmpty() && alsoTaken == null) throw new IllegalArgumentException(command + " takes no arguments, was given " + String.join(", ", unknown));
		throw new IllegalArgumentException(command + " has no argument " + String.join(", ", unknown) + "; its arguments: " + String.join(", ", known)
			+ (alsoTakenInWords == null ? "" : ", and " + alsoTakenInWords));
	}

	/** As {@link #requireOnly(String, Collection, Predicate, String)} for a command that takes only {@code keys}. */
	public void requireOnly(final String command, final Collection<String> keys) {
		requireOnly(command, keys, null, null);
	}

	/** @throws IllegalStateException when the command asks for a key it did not declare */
	private void checkDeclared(final String key) {
		if (declared != null && !declared.test(key)) throw new IllegalStateException("asks for argument " + key + ", which its command does not declare");
	}

	/** Records that the command reads {@code key}. */
	private void read(final String key) {
		checkDeclared(key);
		used.add(key);
	}

	public boolean has(final String key) {
		checkDeclared(key);
		return values.containsKey(key);
	}

	public String string(final String key, final String fallback) {
		read(key);
		return values.getOrDefault(key, fallback);
	}

	public String required(final String key) {
		read(key);
		final String v = values.get(key);
		if (v == null || v.isEmpty()) throw new IllegalArgumentException("missing argument " + key + "=...");
		return v;
	}

	public int integer(final String key, final int fallback) {
		final String v = string(key, null);
		if (v == null) return fallback;
		try {
			return Integer.parseInt(v);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
		}
	}

	/** @return the comma-separated whole numbers of {@code key}, or of {@code fallback} when it is absent */
	public List<Integer> integers(final String key, final String fallback) {
		final String list = string(key, fallback);
		final List<Integer> out = new ArrayList<>();
		for (final String part : list.split(",")) {
			try {
				out.add(Integer.parseInt(part.trim()));
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(key + " must be whole numbers separated by commas, was '" + list + "'");
			}
		}
		return out;
	}

	public long longValue(final String key, final long fallback) {
		final String v = string(key, null);
		if (v == null) return fallback;
		try {
			return Long.parseLong(v);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
		}
	}

	public boolean flag(final String key, final boolean fallback) {
		final String v = string(key, null);
		if (v == null) return fallback;
		if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")) return true;
		if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) return false;
		throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
	}

	public Path path(final String key, final String fallback) {
		final String v = string(key, fallback);
		return v == null ? null : Paths.get(v);
	}

	/**
	 * @return the comma-separated paths of {@code key} (one path when it holds no comma), or an empty list when it is
	 *         not given
	 */
	public List<Path> paths(final String key) {
		final String v = string(key, null);
		final List<Path> out = new ArrayList<>();
		if (v == null) return out;
		for (final String part : v.split(",")) {
			if (part.trim().isEmpty()) throw new IllegalArgumentException(key + "= has an empty path in its list: '" + v + "'");
			out.add(Paths.get(part.trim()));
		}
		return out;
	}

	/** @return keys given but never asked for, with their values */
	public Map<String, String> unused() {
		final Map<String, String> out = new LinkedHashMap<>(values);
		out.keySet().removeAll(used);
		return out;
	}

	/** Marks keys as consumed by someone else (e.g. training settings). */
	public void markUsed(final String key) {
		used.add(key);
	}
}
