using System.Text;
using Atrium.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Atrium.Platform.Tests.Testing;

public sealed class RabbitMqServerTests
{
    [Fact]
    public async Task A_message_published_on_a_fresh_virtual_host_can_be_got_back()
    {
        var server = await RabbitMqServer.SharedAsync();
        var uri = await server.CreateVirtualHostAsync("RabbitMqServer Tests!");
        Assert.Matches("^/rabbitmqservertests-[0-9a-f]{32}$", uri.AbsolutePath);
        try
        {
            var factory = new ConnectionFactory { Uri = uri };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            var queue = await channel.QueueDeclareAsync("greetings", durable: false, exclusive: false, autoDelete: false);
            Assert.Equal(0u, queue.MessageCount);

            await channel.BasicPublishAsync(exchange: "", routingKey: "greetings", body: Encoding.UTF8.GetBytes("hello"));

            // Publishing is asynchronous on the server side: poll briefly for the message.
            BasicGetResult? got = null;
            for (var i = 0; i < 50 && got is null; i++)
            {
                got = await channel.BasicGetAsync("greetings", autoAck: true);
                if (got is null)
                {
                    await Task.Delay(20);
                }
            }

            Assert.NotNull(got);
            Assert.Equal("hello", Encoding.UTF8.GetString(got.Body.Span));
        }
        finally
        {
            await server.DeleteVirtualHostAsync(uri);
        }

        // The server refuses the gone virtual host once the connection is used.
        var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => OpenChannelAsync(uri));
        Assert.Equal((ushort)530, refused.ShutdownReason?.ReplyCode);
    }

    [Fact]
    public async Task Virtual_hosts_do_not_share_queues()
    {
        var server = await RabbitMqServer.SharedAsync();
        var first = await server.CreateVirtualHostAsync("first");
        var second = await server.CreateVirtualHostAsync("second");
        try
        {
            await using (var connection = await new ConnectionFactory { Uri = first }.CreateConnectionAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                await channel.QueueDeclareAsync("only-in-first", durable: false, exclusive: false, autoDelete: false);
            }

            await using (var connection = await new ConnectionFactory { Uri = second }.CreateConnectionAsync())
            await using (var channel = await connection.CreateChannelAsync())
            {
                var missing = await Assert.ThrowsAsync<OperationInterruptedException>(
                    () => channel.QueueDeclarePassiveAsync("only-in-first"));
                Assert.Equal((ushort)404, missing.ShutdownReason?.ReplyCode);
            }
        }
        finally
        {
            await server.DeleteVirtualHostAsync(first);
            await server.DeleteVirtualHostAsync(second);
        }
    }

    [Fact]
    public async Task Only_generated_virtual_hosts_can_be_deleted()
    {
        var server = await RabbitMqServer.SharedAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => server.DeleteVirtualHostAsync(server.Uri));
    }

    private static async Task OpenChannelAsync(Uri uri)
    {
        await using var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
    }
}
