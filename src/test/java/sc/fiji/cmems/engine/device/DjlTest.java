package sc.fiji.cmems.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

import org.junit.jupiter.api.Test;

class DjlTest {

	@Test
	void engineStartsOfflineAndUntracked() {
		Engine engine = Djl.engine();
		assertEquals("PyTorch", engine.getEngineName());
		assertEquals("true", System.getProperty("OPT_OUT_TRACKING"));
		assertEquals("true", System.getProperty("ai.djl.offline"));
		try (NDManager m = engine.newBaseManager()) {
			NDArray a = m.create(new float[] { 1, 2, 3 });
			assertEquals(6f, a.sum().getFloat(), 0f);
		}
		assertTrue(engine.getVersion().startsWith("2.7.1"), engine.getVersion());
	}

	/** A thread count asked for after the engine started (a command that first reported the device) still applies. */
	@Test
	void threadsApplyAfterTheEngineStarted() {
		Djl.engine();
		final int before = JniUtils.getNumThreads();
		try {
			Djl.setThreads(1);
			assertEquals(1, JniUtils.getNumThreads());
			assertEquals(1, Djl.setThreads(3), "the count before, to restore");
			assertEquals(3, JniUtils.getNumThreads());
		}
		finally {
			Djl.setThreads(before);
		}
	}
}
