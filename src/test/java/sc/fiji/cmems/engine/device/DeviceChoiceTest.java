package sc.fiji.cmems.engine.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which device is chosen, and why not a GPU: never "GPU" named while the CPU does the work. */
class DeviceChoiceTest {

	private static final DeviceChoice.Probe WORKS = d -> null;
	private static final DeviceChoice.Probe BROKEN = d -> "a test computation on " + d + " failed: CUDA error: no kernel image is available";

	@Test
	void aGpuIsChosenOnlyWhenItPassesTheTestComputation() {
		final List<Device> probed = new ArrayList<>();
		final DeviceChoice gpu = DeviceChoice.resolve("auto", 2, "PyTorch 2.7.1", false, d -> {
			probed.add(d);
			return null;
		});
		assertEquals(Device.gpu(0), gpu.device());
		assertEquals("GPU 0, PyTorch 2.7.1", gpu.description());
		assertNull(gpu.fallbackReason());
		assertEquals(1, probed.size(), "the chosen GPU was tried");
		assertEquals(Device.gpu(1), DeviceChoice.resolve("gpu:1", 2, "PyTorch 2.7.1", false, WORKS).device());
	}

	@Test
	void aVisibleButBrokenGpuFallsBackOrStopsSayingWhy() {
		final DeviceChoice auto = DeviceChoice.resolve("auto", 1, "PyTorch 2.7.1", false, BROKEN);
		assertEquals(Device.cpu(), auto.device());
		assertTrue(auto.description().startsWith("CPU"), auto.description());
		assertTrue(auto.fallbackReason().contains("GPU 0 is visible but unusable") && auto.fallbackReason().contains("no kernel image"), auto.fallbackReason());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("gpu", 1, "PyTorch 2.7.1", false, BROKEN));
		assertTrue(e.getMessage().contains("device 'gpu' cannot be used") && e.getMessage().contains("no kernel image"), e.getMessage());
	}

	@Test
	void noGpuSaysWhetherTheLibraryIsACpuBuild() {
		final DeviceChoice cpuBuild = DeviceChoice.resolve("auto", 0, "PyTorch 2.7.1", true, BROKEN);
		assertEquals(Device.cpu(), cpuBuild.device());
		assertEquals("CPU, PyTorch 2.7.1 (CPU build)", cpuBuild.description());
		assertTrue(cpuBuild.fallbackReason().contains("CPU build") && cpuBuild.fallbackReason().contains("PYTORCH_LIBRARY_PATH"), cpuBuild.fallbackReason());
		assertTrue(DeviceChoice.resolve("auto", 0, "PyTorch 2.7.1", false, BROKEN).fallbackReason().contains("sees no CUDA GPU"));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("gpu:2", 2, "PyTorch 2.7.1", false, WORKS));
		assertTrue(e.getMessage().contains("only 2 GPU(s)"), e.getMessage());
		assertNull(DeviceChoice.resolve("cpu", 4, "PyTorch 2.7.1", false, BROKEN).fallbackReason(), "the CPU asked for: nothing to explain");
		assertThrows(IllegalArgumentException.class, () -> DeviceChoice.parse("tpu"));
	}

	@Test
	void theRealProbeComputesCorrectlyOnTheCpuAndTheRealResolutionMatchesTheEngine() {
		assertNull(DeviceChoice.probe(Device.cpu()), "a 64x64 matrix product of ones on the CPU");
		final DeviceChoice real = DeviceChoice.resolve("auto");
		if (Djl.engine().getGpuCount() == 0) {
			assertEquals(Device.cpu(), real.device());
			assertTrue(real.fallbackReason() != null && !real.fallbackReason().isEmpty());
		}
		else assertTrue(real.device().isGpu() || real.fallbackReason().contains("unusable"), real.description() + " / " + real.fallbackReason());
	}
}
