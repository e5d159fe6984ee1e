package sc.fiji.cmems.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reports say which allocator settings are in effect, and Linux users without them are told how to keep freed memory. */
class NativeMemoryTest {

	@Test
	void namesTheAllocatorVariablesThatAreSet() {
		assertEquals("MALLOC_ARENA_MAX=1 MALLOC_TRIM_THRESHOLD_=1099511627776",
			NativeMemory.settings(Map.of("MALLOC_TRIM_THRESHOLD_", "1099511627776", "MALLOC_ARENA_MAX", "1", "HOME", "/root")));
		assertEquals("none set (the C library's defaults)", NativeMemory.settings(Map.of("HOME", "/root")));
	}

	@Test
	void adviceOnlyOnLinuxWithNothingSet() {
		final String linux = NativeMemory.describe(Map.of("HOME", "/root"), "Linux");
		assertTrue(linux.startsWith("none set") && linux.contains(NativeMemory.KEEP), linux);
		assertEquals("MALLOC_ARENA_MAX=2", NativeMemory.describe(Map.of("MALLOC_ARENA_MAX", "2"), "Linux"));
		assertEquals("none set (the C library's defaults)", NativeMemory.describe(Map.of(), "Mac OS X"));
	}
}
