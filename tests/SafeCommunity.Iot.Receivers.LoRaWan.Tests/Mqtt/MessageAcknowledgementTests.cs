using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using SafeCommunity.Iot.Core.Uplinks;
using SafeCommunity.Iot.Receivers.LoRaWan.Diagnostics;
using SafeCommunity.Iot.Receivers.LoRaWan.Mqtt;
using SafeCommunity.Iot.Receivers.LoRaWan.Tests.Support;

namespace SafeCommunity.Iot.Receivers.LoRaWan.Tests.Mqtt;

public sealed class MessageAcknowledgementTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly LoRaWanMetrics _metrics;
    private readonly MqttConnection _connection;
    private readonly List<ushort> _acknowledgedInOrder = [];
    private int _acknowledged;

    public MessageAcknowledgementTests()
    {
        _metrics = new LoRaWanMetrics(_services.GetRequiredService<IMeterFactory>());
        _connection = new MqttConnection(new MqttClientFactory().CreateMqttClient(), _metrics, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        _connection.StartAcknowledging();
    }

    public void Dispose()
    {
        _connection.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Message_IsAcknowledgedOnlyWhenEveryUplinkMadeFromItIsCompleted()
    {
        var acknowledgement = _connection.Track(Message(), 3);

        acknowledgement.Complete(UplinkOutcome.Accepted);
        acknowledgement.Complete(UplinkOutcome.Duplicate);
        await Task.Delay(50);
        Assert.Equal(0, Volatile.Read(ref _acknowledged));
        Assert.Equal(1, _connection.Outstanding);

        acknowledgement.Complete(UplinkOutcome.Replay);
        await Eventually.TrueAsync(() => Volatile.Read(ref _acknowledged) == 1, TimeSpan.FromSeconds(30), "the acknowledgement");
        await Eventually.TrueAsync(() => _connection.Outstanding == 0, TimeSpan.FromSeconds(30), "nothing outstanding");
        Assert.Equal(1, _metrics.Acknowledged);
    }

    [Theory]
    [InlineData(UplinkOutcome.Malformed)]
    [InlineData(UplinkOutcome.UnknownDevice)]
    [InlineData(UplinkOutcome.BadMic)]
    public async Task RejectedByThePipeline_IsStillAcknowledged_SoItIsNotRedelivered(UplinkOutcome outcome)
    {
        _connection.Track(Message(), 1).Complete(outcome);

        await Eventually.TrueAsync(() => Volatile.Read(ref _acknowledged) == 1, TimeSpan.FromSeconds(30), "the acknowledgement");
    }

    [Fact]
    public async Task NotProcessed_IsNeverAcknowledged_SoTheBrokerRedeliversIt()
    {
        var acknowledgement = _connection.Track(Message(), 2);

        acknowledgement.Complete(UplinkOutcome.NotProcessed);
        acknowledgement.Complete(UplinkOutcome.Accepted);
        await Task.Delay(50);

        Assert.Equal(0, Volatile.Read(ref _acknowledged));
        Assert.Equal(0, _connection.Outstanding);
        Assert.Equal(1, _metrics.Withheld);
    }

    [Fact]
    public async Task Abandoned_IsNeverAcknowledged()
    {
        var acknowledgement = _connection.Track(Message(), 3);

        acknowledgement.Complete(UplinkOutcome.Accepted);
        acknowledgement.Abandon(2);
        await Task.Delay(50);

        Assert.Equal(0, Volatile.Read(ref _acknowledged));
        Assert.Equal(0, _connection.Outstanding);
    }

    [Fact]
    public async Task CompletedAfterTheConnectionClosed_IsNotAcknowledged()
    {
        var acknowledgement = _connection.Track(Message(), 1);

        Assert.Equal(1, await _connection.CloseAsync(TimeSpan.Zero));
        acknowledgement.Complete(UplinkOutcome.Accepted);
        await Task.Delay(50);

        Assert.Equal(0, Volatile.Read(ref _acknowledged));
        Assert.True(_connection.Closing.IsCancellationRequested);
    }

    [Fact]
    public async Task Messages_AreAcknowledgedInTheOrderTheyArrived_WhateverOrderThePipelineCompletesThem()
    {
        var first = _connection.Track(Message(1), 1);
        var second = _connection.Track(Message(2), 1);
        var third = _connection.Track(Message(3), 1);
        _connection.AcknowledgeInTurn(Message(4));

        third.Complete(UplinkOutcome.Accepted);
        second.Complete(UplinkOutcome.NotProcessed);
        await Task.Delay(50);
        Assert.Equal(0, Volatile.Read(ref _acknowledged));

        first.Complete(UplinkOutcome.Accepted);
        await Eventually.TrueAsync(() => Volatile.Read(ref _acknowledged) == 3, TimeSpan.FromSeconds(30), "three acknowledgements");
        lock (_acknowledgedInOrder)
        {
            // The second was not processed: never acknowledged, and it holds nobody up once decided.
            Assert.Equal([1, 3, 4], _acknowledgedInOrder);
        }

        await Eventually.TrueAsync(() => _connection.Outstanding == 0, TimeSpan.FromSeconds(30), "nothing outstanding");
        Assert.Equal(1, _metrics.Withheld);
    }

    [Fact]
    public void CompletingTooOften_IsHarmless()
    {
        var acknowledgement = _connection.Track(Message(), 1);

        acknowledgement.Complete(UplinkOutcome.Accepted);
        acknowledgement.Complete(UplinkOutcome.Accepted);

        Assert.Equal(0, acknowledgement.Remaining);
    }

    private MqttApplicationMessageReceivedEventArgs Message(ushort packetIdentifier = 7)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic("application/a/device/0101010101010101/event/up")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var packet = new MqttPublishPacket { Topic = message.Topic, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce, PacketIdentifier = packetIdentifier };
        return new MqttApplicationMessageReceivedEventArgs("gateway", message, packet, (_, _) =>
        {
            lock (_acknowledgedInOrder)
            {
                _acknowledgedInOrder.Add(packetIdentifier);
            }

            Interlocked.Increment(ref _acknowledged);
            return Task.CompletedTask;
        })
        {
            AutoAcknowledge = false,
        };
    }
}
