package sc.fiji.cmems.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;

/**
 * The files a user names: one file, or the files of a folder whose names match
 * a glob ({@code *.tif}, {@code patient*.h5}), sorted by name, hidden files
 * left out. Shared by the command line and the Fiji commands.
 */
public final class FolderFiles {

	private FolderFiles() {}

	/**
	 * @return the file itself, or the folder's files matching the glob, sorted by name
	 * @throws NoSuchFileException when nothing is there
	 * @throws IllegalArgumentException when no file of the folder matches, or the glob is malformed
	 */
	public static List<Path> list(final Path fileOrFolder, final String glob) throws IOException {
		if (fileOrFolder == null) throw new IllegalArgumentException("no file or folder given");
		if (!Files.exists(fileOrFolder)) throw new NoSuchFileException(fileOrFolder.toString(), null, "no such file or folder");
		if (!Files.isDirectory(fileOrFolder)) return Collections.singletonList(fileOrFolder);
		final String pattern = glob == null || glob.trim().isEmpty() ? "*" : glob.trim();
		final List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> s = Files.newDirectoryStream(fileOrFolder, pattern)) {
			for (final Path p : s)
				if (Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".")) files.add(p);
		}
		catch (final PatternSyntaxException e) {
			throw new IllegalArgumentException("file filter '" + pattern + "' is not a valid pattern: " + e.getDescription());
		}
		Collections.sort(files);
		if (files.isEmpty()) throw new IllegalArgumentException("no file in " + fileOrFolder + " matches filter '" + pattern + "'");
		return files;
	}

	/** @return the file name without its extension(s) such as .tif, .nii.gz, .h5 */
	public static String baseName(final Path file) {
		final String n = file.getFileName().toString();
		if (n.toLowerCase(Locale.ROOT).endsWith(".nii.gz")) return n.substring(0, n.length() - 7);
		final int dot = n.lastIndexOf('.');
		return dot > 0 ? n.substring(0, dot) : n;
	}
}
