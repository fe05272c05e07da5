using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Course.Kernel.Protocol;

namespace Course.Kernel.Tests.Protocol;

public class MessageBuilderTests
{
    private readonly MessageBuilder _messages = new("kernel-session");

    [Fact]
    public void Headers_carry_protocol_5_3_the_session_and_a_new_msg_id_each_time()
    {
        var first = _messages.Header("status");
        var second = _messages.Header("status");

        Assert.Equal("5.3", first["version"]!.GetValue<string>());
        Assert.Equal("kernel-session", first["session"]!.GetValue<string>());
        Assert.Equal("status", first["msg_type"]!.GetValue<string>());
        Assert.NotEqual(first["msg_id"]!.GetValue<string>(), second["msg_id"]!.GetValue<string>());
    }

    [Fact]
    public void Dates_are_utc_with_exactly_six_fractional_digits()
    {
        var time = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1234567);

        var text = MessageBuilder.Timestamp(time);

        Assert.Equal("2026-03-04T03:06:07.123456Z", text);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", _messages.Header("x")["date"]!.GetValue<string>());
        var parsed = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
        Assert.True(Math.Abs((parsed - time.UtcDateTime).TotalMilliseconds) < 0.001, $"{parsed:o} vs {time.UtcDateTime:o}");
    }

    [Fact]
    public void A_reply_goes_back_to_the_sender_with_the_request_header_as_parent()
    {
        var request = new JupyterMessage([Encoding.ASCII.GetBytes("peer")], _messages.Header("kernel_info_request"), [], [], [], []);

        var reply = _messages.Reply(request, "kernel_info_reply", new JsonObject { ["status"] = "ok" });

        Assert.Equal("peer", Encoding.ASCII.GetString(Assert.Single(reply.Identities)));
        Assert.Equal(request.MsgId, reply.ParentHeader["msg_id"]!.GetValue<string>());
        Assert.Equal("kernel_info_reply", reply.MsgType);
    }

    [Fact]
    public void The_starting_status_has_an_empty_parent()
    {
        var message = _messages.Broadcast(null, "status", new JsonObject { ["execution_state"] = "starting" });

        Assert.Empty(message.ParentHeader);
        Assert.Equal("kernel.kernel-session.status", Encoding.UTF8.GetString(Assert.Single(message.Identities)));
    }
}
