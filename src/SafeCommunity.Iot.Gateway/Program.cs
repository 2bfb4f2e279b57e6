using SafeCommunity.Iot.Api.Hosting;
using SafeCommunity.Iot.Board.Hosting;
using SafeCommunity.Iot.Gateway.Hosting;
using SafeCommunity.Iot.Geofences.Catalog;
using SafeCommunity.Iot.History.Hosting;
using SafeCommunity.Iot.Ingestion.Hosting;
using SafeCommunity.Iot.Notifications.Hosting;
using SafeCommunity.Iot.Receivers.LoRaWan.Hosting;
using SafeCommunity.Iot.Receivers.Serial.Hosting;
using SafeCommunity.Iot.Storage.Hosting;
using SafeCommunity.Iot.Telemetry.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayDefaults();
builder.AddGatewayStorage();

// After the storage: it wraps the store's commit writer, so each batch's notifications go in its transaction.
builder.AddNotifications();
builder.AddGeofences();
builder.AddIngestion();

// Receivers after the pipeline: the host stops them first, so what they handed over is finished and acknowledged.
builder.AddSerialReceivers();
builder.AddLoRaWanReceivers();
builder.AddTelemetry();
builder.AddHistory();
builder.AddGatewayApi();
builder.AddAlarmBoard();

await using var app = builder.Build();
app.MapGatewayDefaults();
app.MapGatewayApi();
app.MapAlarmBoard();

return await GatewayRun.RunAsync(app);

/// <summary>The gateway's entry point (public for the functional tests' WebApplicationFactory).</summary>
public partial class Program;
