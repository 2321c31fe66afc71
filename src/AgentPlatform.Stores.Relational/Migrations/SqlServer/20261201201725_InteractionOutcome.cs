using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Storage.Relational.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InteractionOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent",
                table: "AgentInteractions");

            migrationBuilder.AddColumn<string>(
                name: "ErrorMessage",
                table: "AgentInteractions",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Success",
                table: "AgentInteractions",
                type: "bit",
                nullable: false,
                // Interactions logged before outcomes were recorded count as successful, as a new one does by default.
                defaultValue: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent_Success_SessionId",
                table: "AgentInteractions",
                columns: new[] { "TenantId", "AgentId", "CreatedAt", "Type", "ProcessingTimeMs", "Intent", "Success", "SessionId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent_Success_SessionId",
                table: "AgentInteractions");

            migrationBuilder.DropColumn(
                name: "ErrorMessage",
                table: "AgentInteractions");

            migrationBuilder.DropColumn(
                name: "Success",
                table: "AgentInteractions");

            migrationBuilder.CreateIndex(
                name: "IX_AgentInteractions_TenantId_AgentId_CreatedAt_Type_ProcessingTimeMs_Intent",
                table: "AgentInteractions",
                columns: new[] { "TenantId", "AgentId", "CreatedAt", "Type", "ProcessingTimeMs", "Intent" });
        }
    }
}
