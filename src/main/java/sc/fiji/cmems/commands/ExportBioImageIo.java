package sc.fiji.cmems.commands;

import ij.IJ;

import java.io.File;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import sc.fiji.cmems.jobs.BioImageIoExport;

/**
 * Fiji's face of {@code cmems export}: a model as a bioimage.io package with TorchScript weights, for deepImageJ, JDLL-based
 * tools and the bioimage.io Python tools ({@link BioImageIoExport}; it needs Python 3 with torch).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>CMEMS>Export to bioimage.io", headless = true,
	description = "Writes a model as a bioimage.io package (TorchScript weights; needs Python 3 with torch)")
public class ExportBioImageIo extends ContextCommand {

	@Parameter(label = "Model file", style = FileWidget.OPEN_STYLE, persist = false)
	File model;
	@Parameter(label = "Package (.zip)", style = FileWidget.SAVE_STYLE, persist = false)
	File out;
	@Parameter(label = "Python with torch", description = "writes the TorchScript", required = false)
	String python = "/usr/bin/python3";

	@Parameter(label = "Summary", type = ItemIO.OUTPUT)
	String summary;

	@Parameter
	UIService ui;

	@Override
	public void run() {
		try {
			if (model == null || !model.isFile()) throw new IllegalArgumentException("model file not found: " + model);
			if (out == null || !out.getName().endsWith(".zip")) throw new IllegalArgumentException("out must be a .zip file, was " + out);
			final BioImageIoExport.Result r = BioImageIoExport.export(model.toPath(), out.toPath(), null, python, IJ::log);
			summary = String.format(Locale.ROOT, "written %s (TorchScript of torch %s, largest difference from the plugin %.1e)", r.file, r.torch, r.maxDifference);
			IJ.log(summary);
		}
		catch (final Exception | LinkageError e) {
			Feedback.fail(this, ui, e);
		}
	}
}
