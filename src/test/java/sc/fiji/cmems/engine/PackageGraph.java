package sc.fiji.cmems.engine;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependencies between this project's packages, read from the compiled
 * classes: every class a class file names in its constant pool (types of
 * fields, methods, locals, casts, generic signatures, annotations, fully
 * qualified names written inline), so no import list and no comment decides.
 */
final class PackageGraph {

	private static final Pattern NAME = Pattern.compile("sc/fiji/cmems/((?:[a-z0-9_]+/)*)([A-Z][A-Za-z0-9_$]*)");

	/** Package to package, with one class of the first that names one of the second, for messages. */
	final Map<String, Map<String, String>> edges = new TreeMap<>();

	/** Reads every class file under {@code classes} (e.g. {@code target/classes}). */
	static PackageGraph of(final Path classes) throws IOException {
		final PackageGraph g = new PackageGraph();
		try (Stream<Path> files = Files.walk(classes)) {
			for (final Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
				final String own = classes.relativize(f).toString().replace('\\', '/');
				final Matcher m = NAME.matcher(own);
				if (!m.find()) continue;
				final String from = packageName(m.group(1));
				g.edges.computeIfAbsent(from, k -> new TreeMap<>());
				for (final String utf8 : utf8Constants(f)) {
					final Matcher n = NAME.matcher(utf8);
					while (n.find()) {
						final String to = packageName(n.group(1));
						if (!to.equals(from)) g.edges.get(from).putIfAbsent(to, own.replace(".class", "") + " names " + n.group(1) + n.group(2));
					}
				}
			}
		}
		return g;
	}

	/** @return every set of two or more packages that depend on each other (Tarjan's strongly connected components) */
	List<Set<String>> cycles() {
		final Map<String, Integer> index = new HashMap<>(), low = new HashMap<>();
		final Deque<String> stack = new ArrayDeque<>();
		final Set<String> onStack = new TreeSet<>();
		final List<Set<String>> out = new ArrayList<>();
		final int[] counter = { 0 };
		for (final String v : edges.keySet()) if (!index.containsKey(v)) connect(v, index, low, stack, onStack, out, counter);
		return out;
	}

	private void connect(final String v, final Map<String, Integer> index, final Map<String, Integer> low, final Deque<String> stack, final Set<String> onStack,
		final List<Set<String>> out, final int[] counter)
	{
		index.put(v, counter[0]);
		low.put(v, counter[0]++);
		stack.push(v);
		onStack.add(v);
		for (final String w : edges.getOrDefault(v, Map.of()).keySet()) {
			if (!index.containsKey(w)) {
				connect(w, index, low, stack, onStack, out, counter);
				low.put(v, Math.min(low.get(v), low.get(w)));
			}
			else if (onStack.contains(w)) low.put(v, Math.min(low.get(v), index.get(w)));
		}
		if (low.get(v).equals(index.get(v))) {
			final Set<String> component = new TreeSet<>();
			String w;
			do {
				w = stack.pop();
				onStack.remove(w);
				component.add(w);
			}
			while (!w.equals(v));
			if (component.size() > 1) out.add(component);
		}
	}

	/** @return the edges inside a set of packages, each with a class that makes it */
	String describe(final Set<String> packages) {
		final StringBuilder sb = new StringBuilder();
		for (final String from : packages)
			for (final Map.Entry<String, String> e : edges.getOrDefault(from, Map.of()).entrySet())
				if (packages.contains(e.getKey())) sb.append("  ").append(from).append(" -> ").append(e.getKey()).append(" (").append(e.getValue()).append(")\n");
		return sb.toString();
	}

	private static String packageName(final String slashed) {
		final String p = slashed.endsWith("/") ? slashed.substring(0, slashed.length() - 1) : slashed;
		return p.isEmpty() ? "(root)" : p.replace('/', '.');
	}

	/** The UTF-8 entries of a class file's constant pool. */
	private static List<String> utf8Constants(final Path classFile) throws IOException {
		final List<String> out = new ArrayList<>();
		try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
			if (in.readInt() != 0xCAFEBABE) throw new IOException(classFile + " is not a class file");
			in.readUnsignedShort();
			in.readUnsignedShort();
			final int count = in.readUnsignedShort();
			for (int i = 1; i < count; i++) {
				final int tag = in.readUnsignedByte();
				switch (tag) {
					case 1:
						out.add(in.readUTF());
						break;
					case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18:
						in.skipBytes(4);
						break;
					case 5: case 6:
						in.skipBytes(8);
						i++; // takes two entries
						break;
					case 7: case 8: case 16: case 19: case 20:
						in.skipBytes(2);
						break;
					case 15:
						in.skipBytes(3);
						break;
					default:
						throw new IOException(classFile + ": unknown constant pool tag " + tag);
				}
			}
		}
		return out;
	}
}
