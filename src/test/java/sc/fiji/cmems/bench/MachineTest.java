package sc.fiji.cmems.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A bench report says which allocator settings its figures were measured with. */
class MachineTest {

	@Test
	void namesTheAllocatorVariablesThatAreSet() {
		assertEquals("MALLOC_ARENA_MAX=1 MALLOC_TRIM_THRESHOLD_=1099511627776",
			Machine.allocatorSettings(Map.of("MALLOC_TRIM_THRESHOLD_", "1099511627776", "MALLOC_ARENA_MAX", "1", "HOME", "/root")));
		assertEquals("none set (the C library's defaults)", Machine.allocatorSettings(Map.of("HOME", "/root")));
	}
}
