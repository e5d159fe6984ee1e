package sc.fiji.cmems.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code key=value} arguments, as in Fiji's {@code --run "Command" "key=value,..."}:
 * given as separate words or comma-separated; a value with spaces or commas
 * goes in brackets ({@code key=[a, b]}). Getters name the key in every error,
 * and {@link #unused()} tells which keys nobody asked for.
 */
public final class Arguments {

	private final Map<String, String> values = new LinkedHashMap<>();
	private final Set<String> used = new LinkedHashSet<>();

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

	public boolean has(final String key) {
		return values.containsKey(key);
	}

	public String string(final String key, final String fallback) {
		used.add(key);
		return values.getOrDefault(key, fallback);
	}

	public String required(final String key) {
		used.add(key);
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
