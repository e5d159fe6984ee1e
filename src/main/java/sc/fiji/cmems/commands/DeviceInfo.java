package sc.fiji.cmems.commands;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;

import sc.fiji.cmems.jobs.DeviceReport;

/**
 * Plugins > Segmentation > CMEMS > Device Info: the device training would
 * really use, the PyTorch native library, CUDA, and why no GPU is used.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>CMEMS>Device Info", headless = true,
	description = "Which device CMEMS would train on, and why")
public class DeviceInfo extends ContextCommand {

	@Parameter(label = "Device to check", choices = { "auto", "cpu", "gpu" })
	String device = "auto";

	@Parameter(label = "Device report", type = ItemIO.OUTPUT)
	String report;

	@Parameter
	UIService ui;

	@Override
	public void run() {
		try {
			report = DeviceReport.describe(device);
			if (!Feedback.windowsAllowed(ui)) System.out.println(report);
		}
		catch (final RuntimeException | LinkageError e) {
			Feedback.fail(this, ui, "the PyTorch engine could not start: " + Feedback.describe(e), e);
		}
	}
}
