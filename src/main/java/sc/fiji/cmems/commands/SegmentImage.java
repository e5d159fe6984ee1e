package sc.fiji.cmems.commands;

import ij.ImagePlus;

import java.io.File;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import sc.fiji.cmems.engine.device.DeviceChoice;
import sc.fiji.cmems.engine.infer.Ensemble;
import sc.fiji.cmems.engine.model.ModelBundle;
import sc.fiji.cmems.engine.model.SegmentationModel;
import sc.fiji.cmems.jobs.ImageSegmentation;

/**
 * Plugins > Segmentation > CMEMS > Segment Image: an open 2D image or 3D stack
 * becomes a label image with a label colour table and the input's calibration.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>CMEMS>Segment Image", headless = true,
	description = "Segments an open image with a trained CMEMS model")
public class SegmentImage extends ContextCommand {

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE, persist = false)
	File model;
	@Parameter(label = "Image")
	ImagePlus image;
	@Parameter(label = "Networks", choices = { "ensemble", "model1", "model2" })
	String ensemble = "ensemble";
	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" })
	String device = "auto";
	@Parameter(label = "Keep the largest component of each class", description = "removes islands of a class away from its main object")
	boolean largestcomponent = false;

	@Parameter(label = "Label image", type = ItemIO.OUTPUT)
	ImagePlus labels;

	@Parameter
	UIService ui;
	@Parameter(required = false)
	StatusService status;
	@Parameter(required = false)
	TaskService tasks;

	@Override
	public void run() {
		final TaskProgress task = new TaskProgress(tasks, status, "CMEMS segmentation");
		try {
			if (model == null || !model.isFile()) throw new IllegalArgumentException("model file not found: " + model);
			if (image == null) throw new IllegalArgumentException("no image to segment: open one or name it (image=<title>)");
			try (SegmentationModel m = ModelBundle.read(model.toPath(), DeviceChoice.resolve(device).device())) {
				// canceling the task stops between batches of slices: no label image then
				labels = ImageSegmentation.segment(m, model.toPath(), image, Ensemble.parse(ensemble), largestcomponent, task.steps(image.getStackSize(), "slices of " + image.getTitle()));
			}
		}
		catch (final Exception | LinkageError e) {
			Feedback.fail(this, ui, e);
		}
		finally {
			task.finish();
		}
	}
}
