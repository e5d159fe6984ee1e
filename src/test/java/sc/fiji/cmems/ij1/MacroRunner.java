package sc.fiji.cmems.ij1;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import net.imagej.patcher.LegacyEnvironment;

/**
 * Runs an ImageJ macro file through ImageJ 1.x's own macro interpreter,
 * headless (with the patches Fiji's headless mode uses), in a JVM of its
 * own: {@code MacroRunner <macro.ijm> [argument]}. Plugins come from the
 * folder named by {@code -Dplugins.dir}, as in an ImageJ installation.
 * Imports nothing from {@code ij.*}: the patcher must see ImageJ's classes first.
 */
public final class MacroRunner {

	private MacroRunner() {}

	public static void main(final String[] args) throws Exception {
		final String macro = new String(Files.readAllBytes(Paths.get(args[0])), StandardCharsets.UTF_8);
		final LegacyEnvironment imagej = new LegacyEnvironment(null, true);
		imagej.runMacro(macro, args.length > 1 ? args[1] : "");
		System.exit(0);
	}
}
