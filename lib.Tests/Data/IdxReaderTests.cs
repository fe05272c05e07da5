using System.Buffers.Binary;
using Backprop.Data;

namespace Backprop.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    readonly string folder = SyntheticMnist.NewTempFolder();

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string PathOf(string name) => Path.Combine(folder, name);

    [Theory]
    [InlineData("images-idx3-ubyte")]
    [InlineData("images-idx3-ubyte.gz")]
    public void Images_written_then_read_come_back_byte_for_byte(string name)
    {
        var images = SyntheticMnist.Images(5, seed: 11);
        IdxWriter.WriteImages(PathOf(name), images);

        var back = IdxReader.ReadImages(PathOf(name));

        Assert.Equal((5, 28, 28), (back.Count, back.Rows, back.Columns));
        Assert.Equal(images.Pixels, back.Pixels);
    }

    [Theory]
    [InlineData("labels-idx1-ubyte")]
    [InlineData("labels-idx1-ubyte.gz")]
    public void Labels_written_then_read_come_back_byte_for_byte(string name)
    {
        var labels = SyntheticMnist.Labels(50, seed: 12);
        IdxWriter.WriteLabels(PathOf(name), labels);

        Assert.Equal(labels, IdxReader.ReadLabels(PathOf(name)));
    }

    [Fact]
    public void Written_file_has_the_standard_big_endian_header()
    {
        var bytes = IdxWriter.EncodeImages(SyntheticMnist.Images(3, seed: 1));

        Assert.Equal(0x00000803, BinaryPrimitives.ReadInt32BigEndian(bytes));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4)));
        Assert.Equal(28, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)));
        Assert.Equal(28, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(12)));
        Assert.Equal(16 + 3 * 784, bytes.Length);
    }

    [Fact]
    public void Gzip_output_is_reproducible_and_carries_no_timestamp()
    {
        var idx = IdxWriter.EncodeLabels(SyntheticMnist.Labels(100, seed: 5));

        var first = IdxWriter.Gzip(idx);
        var second = IdxWriter.Gzip(idx);

        Assert.Equal(first, second);
        Assert.Equal([0x1f, 0x8b], first[..2]);
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(first.AsSpan(4))); // gzip MTIME field
    }

    [Fact]
    public void Reading_a_label_file_as_images_names_the_magic_found_and_expected()
    {
        IdxWriter.WriteLabels(PathOf("labels"), SyntheticMnist.Labels(4, seed: 1));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(PathOf("labels")));

        Assert.Contains(PathOf("labels"), error.Message);
        Assert.Contains("magic number 0x00000801", error.Message);
        Assert.Contains("expected 0x00000803", error.Message);
    }

    [Fact]
    public void Image_file_with_a_non_byte_data_type_is_rejected_naming_the_type()
    {
        var bytes = IdxWriter.EncodeImages(SyntheticMnist.Images(1, seed: 1));
        bytes[2] = 0x0D; // 32-bit floats
        File.WriteAllBytes(PathOf("floats"), bytes);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(PathOf("floats")));

        Assert.Contains("0x00000D03", error.Message);
        Assert.Contains("32-bit floats", error.Message);
    }

    [Fact]
    public void Truncated_header_says_how_many_bytes_the_header_needs()
    {
        File.WriteAllBytes(PathOf("short"), IdxWriter.EncodeImages(SyntheticMnist.Images(1, seed: 1))[..10]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(PathOf("short")));

        Assert.Contains($"file {PathOf("short")}: header is truncated: expected 16 bytes", error.Message);
        Assert.Contains("found 10", error.Message);
    }

    [Fact]
    public void Truncated_pixel_data_says_expected_and_found_byte_counts()
    {
        var bytes = IdxWriter.EncodeImages(SyntheticMnist.Images(3, seed: 1));
        File.WriteAllBytes(PathOf("cut"), bytes[..^100]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(PathOf("cut")));

        Assert.Equal($"file {PathOf("cut")}: expected {3 * 784} bytes of pixel data after the header, found {3 * 784 - 100}.", error.Message);
    }

    [Fact]
    public void Truncated_gzip_file_is_reported_with_its_name()
    {
        var gz = IdxWriter.Gzip(IdxWriter.EncodeImages(SyntheticMnist.Images(20, seed: 1)));
        File.WriteAllBytes(PathOf("cut.gz"), gz[..(gz.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(PathOf("cut.gz")));

        Assert.Contains(PathOf("cut.gz"), error.Message);
    }

    [Fact]
    public void Extra_bytes_after_the_labels_are_an_error_too()
    {
        File.WriteAllBytes(PathOf("long"), [.. IdxWriter.EncodeLabels([1, 2, 3]), 7, 7]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(PathOf("long")));

        Assert.Contains("expected 3 bytes of label data after the header, found 5", error.Message);
    }

    [Fact]
    public void Image_and_label_files_with_different_counts_do_not_pair_up()
    {
        IdxWriter.WriteImages(PathOf("img.gz"), SyntheticMnist.Images(3, seed: 1));
        IdxWriter.WriteLabels(PathOf("lbl.gz"), SyntheticMnist.Labels(2, seed: 1));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadSet(PathOf("img.gz"), PathOf("lbl.gz")));

        Assert.Contains($"file {PathOf("img.gz")} holds 3 images", error.Message);
        Assert.Contains($"file {PathOf("lbl.gz")} holds 2 labels", error.Message);
    }

    [Fact]
    public void Label_that_is_not_a_digit_is_reported_with_its_offset()
    {
        IdxWriter.WriteImages(PathOf("img"), SyntheticMnist.Images(3, seed: 1));
        IdxWriter.WriteLabels(PathOf("lbl"), [4, 12, 0]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadSet(PathOf("img"), PathOf("lbl")));

        Assert.Contains("label 12 at offset 9 is not a digit", error.Message);
    }

    [Fact]
    public void Images_that_are_not_28_by_28_cannot_form_an_mnist_set()
    {
        IdxWriter.WriteImages(PathOf("img"), new IdxImages(2, 8, 8, new byte[128]));
        IdxWriter.WriteLabels(PathOf("lbl"), [1, 2]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadSet(PathOf("img"), PathOf("lbl")));

        Assert.Contains("images are 8×8, expected 28×28", error.Message);
    }

    [Fact]
    public void Missing_file_is_named_with_its_full_path()
    {
        var error = Assert.Throws<FileNotFoundException>(() => IdxReader.ReadLabels(PathOf("nowhere.gz")));

        Assert.Contains(PathOf("nowhere.gz"), error.Message);
    }

    [Fact]
    public void Writer_refuses_pixel_data_that_does_not_match_the_stated_shape()
    {
        var error = Assert.Throws<ArgumentException>(() => IdxWriter.EncodeImages(new IdxImages(2, 28, 28, new byte[784])));

        Assert.Contains("need 1568 pixel bytes, got 784", error.Message);
    }
}
