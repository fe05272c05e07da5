using Course.Kernel.Protocol;

namespace Course.Kernel.Tests.Protocol;

public sealed class ConnectionInfoTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"kernel-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_file);

    private const string Valid = """
        {"shell_port": 50001, "iopub_port": 50002, "stdin_port": 50003, "control_port": 50004, "hb_port": 50005,
         "ip": "127.0.0.1", "key": "abc", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "course-csharp"}
        """;

    [Fact]
    public void A_jupyter_connection_file_gives_the_five_ports_and_the_key()
    {
        File.WriteAllText(_file, Valid);

        var info = ConnectionInfo.Load(_file);

        Assert.Equal((50001, 50002, 50003, 50004, 50005), (info.ShellPort, info.IopubPort, info.StdinPort, info.ControlPort, info.HeartbeatPort));
        Assert.Equal("abc", info.Key);
        Assert.Equal("tcp://127.0.0.1:50002", info.Endpoint(info.IopubPort));
    }

    [Fact]
    public void A_missing_port_is_named_with_the_file()
    {
        File.WriteAllText(_file, Valid.Replace("\"hb_port\": 50005,", ""));

        var error = Assert.Throws<FormatException>(() => ConnectionInfo.Load(_file));
        Assert.Equal($"connection file {_file} has no 'hb_port'", error.Message);
    }

    [Theory]
    [InlineData("\"transport\": \"tcp\"", "\"transport\": \"ipc\"", "transport 'ipc' is not supported")]
    [InlineData("\"signature_scheme\": \"hmac-sha256\"", "\"signature_scheme\": \"hmac-md5\"", "signature_scheme 'hmac-md5' is not supported")]
    [InlineData("\"shell_port\": 50001", "\"shell_port\": 70000", "'shell_port' must be a port number")]
    public void What_the_kernel_cannot_do_is_refused_with_the_reason(string original, string replacement, string expected)
    {
        File.WriteAllText(_file, Valid.Replace(original, replacement));

        var error = Assert.Throws<FormatException>(() => ConnectionInfo.Load(_file));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_file_that_is_not_json_or_missing_says_so()
    {
        File.WriteAllText(_file, "{ not json");
        Assert.Contains("is not JSON", Assert.Throws<FormatException>(() => ConnectionInfo.Load(_file)).Message);

        Assert.Contains("cannot be read", Assert.Throws<FormatException>(() => ConnectionInfo.Load(_file + ".missing")).Message);
    }
}
