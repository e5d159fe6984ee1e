package sc.fiji.cmems.engine.device;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Sets a variable in this process's native environment (where native
 * libraries such as libtorch read their settings), which Java itself cannot
 * do. Best effort: failure is ignored, it only affects logging.
 */
final class NativeEnvironment {

	private interface Posix extends Library {

		int setenv(String name, String value, int overwrite);
	}

	private interface Msvcrt extends Library {

		int _putenv(String assignment);
	}

	private NativeEnvironment() {}

	static void set(final String name, final String value) {
		try {
			if (Platform.isWindows()) Native.load("msvcrt", Msvcrt.class)._putenv(name + "=" + value);
			else Native.load("c", Posix.class).setenv(name, value, 1);
		}
		catch (final LinkageError | RuntimeException e) {
			// logging stays at libtorch's default
		}
	}
}
