//! The spec `rtgen add <module>` derives, for every place a host declares
//! its records and roles (issue 26, item 3): Sequelize models with
//! associations and an ENUM of roles, a Prisma schema with relations and an
//! enum Role, a Mongoose model whose users' `enum: ROLES` comes from a
//! constants module, raw SQL with migrations, and no schema at all (where the
//! keys of query objects must not become columns or users). Methods are
//! judged by what their body does, whatever their name.

use crate::support::Project;

/// Writes `files` (the example's roles module removed when `own_roles` is
/// false, so roles come from the schema), a controller and a page for
/// `module`, runs a bare `rtgen add <module>` and returns the spec it wrote.
fn derived(module: &str, own_roles: bool, files: &[(&str, &str)]) -> String {
    let project = Project::example();
    if !own_roles {
        project.remove("backend/src/constants/roles.js");
    }
    let pascal = heck::ToUpperCamelCase::to_upper_camel_case(module);
    for (path, text) in files {
        project.write(path, text);
    }
    project.write(
        &format!("backend/src/controllers/{module}Controller.js"),
        &format!("import {module}Service from \"../services/{module}Service.js\";\n\nexport const get = async (req, res) => res.json(await {module}Service.get{pascal}ById(req.params.id));\n"),
    );
    project.write(
        &format!("front/src/admin/pages/{pascal}s.jsx"),
        &format!("import {{ useState }} from \"react\";\n\nexport default function {pascal}s() {{\n  const [{module}s, set{pascal}s] = useState([]);\n  return <ul>{{{module}s.map((x) => <li key={{x.id}}>{{x.id}}</li>)}}</ul>;\n}}\n"),
    );
    let run = project.rtgen(&["add", module]);
    assert_eq!(run.code, 0, "{}", run.report(&project));
    project.read(&format!("realtime/{module}.yaml"))
}

#[test]
fn sequelize_models_associations_and_enum_roles() {
    let spec = derived(
        "parcel",
        false,
        &[
            ("backend/src/models/User.js", "import { Model, DataTypes } from \"sequelize\";\nimport sequelize from \"../db/sequelize.js\";\n\nexport class User extends Model {}\nUser.init(\n  {\n    email: DataTypes.STRING,\n    passwordHash: DataTypes.STRING,\n    role: { type: DataTypes.ENUM(\"admin\", \"dispatcher\", \"courier\"), defaultValue: \"courier\" },\n  },\n  { sequelize, modelName: \"User\" },\n);\n"),
            ("backend/src/models/Parcel.js", "import { Model, DataTypes } from \"sequelize\";\nimport sequelize from \"../db/sequelize.js\";\n\nexport class Parcel extends Model {}\nParcel.init(\n  {\n    address: DataTypes.STRING,\n    status: { type: DataTypes.ENUM(\"pending\", \"on_the_way\", \"received\"), defaultValue: \"pending\" },\n    trackingSecret: DataTypes.STRING,\n  },\n  { sequelize, modelName: \"Parcel\", tableName: \"parcels\" },\n);\n"),
            ("backend/src/models/index.js", "import { User } from \"./User.js\";\nimport { Parcel } from \"./Parcel.js\";\n\nParcel.belongsTo(User, { foreignKey: \"courierId\", as: \"courier\" });\nUser.hasMany(Parcel, { foreignKey: \"customerId\", as: \"orders\" });\n\nexport { User, Parcel };\n"),
            ("backend/src/services/parcelService.js", "import { Parcel } from \"../models/index.js\";\n\nclass ParcelService {\n  async getParcelById(id) {\n    return Parcel.findByPk(id);\n  }\n\n  async listParcels(status) {\n    return Parcel.findAll({ where: { status }, order: [[\"createdAt\", \"DESC\"]] });\n  }\n\n  async create(data, userId) {\n    return Parcel.create({ ...data, customerId: userId });\n  }\n\n  async update(id, data) {\n    const parcel = await Parcel.findByPk(id);\n    return parcel.update(data);\n  }\n\n  async receive(id) {\n    const parcel = await Parcel.findByPk(id);\n    parcel.status = \"received\";\n    await parcel.save();\n    return parcel;\n  }\n}\n\nexport default new ParcelService();\n"),
        ],
    );
    insta::assert_snapshot!("derived_sequelize_associations_enum_roles", spec);
}

#[test]
fn prisma_relations_and_enum_roles() {
    let spec = derived(
        "shipment",
        false,
        &[
            ("backend/prisma/schema.prisma", "generator client {\n  provider = \"prisma-client-js\"\n}\n\nenum Role {\n  ADMIN\n  DISPATCHER\n  DRIVER\n}\n\nenum ShipmentStatus {\n  PENDING\n  DELIVERED\n}\n\nmodel User {\n  id        Int        @id @default(autoincrement())\n  email     String     @unique\n  role      Role       @default(DRIVER)\n  shipments Shipment[] @relation(\"driver\")\n}\n\nmodel Hub {\n  id Int @id\n}\n\nmodel Shipment {\n  id        Int            @id @default(autoincrement())\n  reference String\n  status    ShipmentStatus @default(PENDING)\n  driver    User?          @relation(\"driver\", fields: [driverId], references: [id])\n  driverId  Int?\n  hub       Hub            @relation(fields: [hubId], references: [id])\n  hubId     Int\n  createdAt DateTime       @default(now())\n}\n"),
            ("backend/src/services/shipmentService.js", "import { prisma } from \"../db/prisma.js\";\n\nexport async function getShipmentById(id) {\n  return prisma.shipment.findUnique({ where: { id }, include: { driver: true } });\n}\n\nexport async function listShipments(filter) {\n  return prisma.shipment.findMany({ where: { status: { in: filter.statuses }, createdAt: { gt: filter.since } }, orderBy: { createdAt: \"desc\" }, select: { id: true, reference: true } });\n}\n\nexport async function createShipment(data, userId) {\n  return prisma.shipment.create({ data: { ...data, driverId: data.driverId ?? null } });\n}\n\nexport async function updateShipment(id, data) {\n  return prisma.shipment.update({ where: { id }, data });\n}\n\nexport async function apply(id, driverId) {\n  return prisma.shipment.update({ where: { id }, data: { driverId } });\n}\n"),
        ],
    );
    insta::assert_snapshot!("derived_prisma_relations_enum_roles", spec);
}

#[test]
fn mongoose_refs_and_roles_through_a_constants_module() {
    let spec = derived(
        "incident",
        false,
        &[
            ("backend/src/constants/userRoles.js", "export const ROLES = Object.freeze({ ADMIN: \"admin\", RESPONDER: \"responder\", REPORTER: \"reporter\" });\n"),
            ("backend/src/models/User.js", "import mongoose from \"mongoose\";\nimport { ROLES } from \"../constants/userRoles.js\";\n\nconst userSchema = new mongoose.Schema({\n  name: String,\n  role: { type: String, enum: Object.values(ROLES), default: ROLES.REPORTER },\n});\n\nexport default mongoose.model(\"User\", userSchema);\n"),
            ("backend/src/models/Incident.js", "import mongoose from \"mongoose\";\n\nconst incidentSchema = new mongoose.Schema({\n  title: String,\n  status: { type: String, enum: [\"open\", \"resolved\"], default: \"open\" },\n  reportedBy: { type: mongoose.Schema.Types.ObjectId, ref: \"User\" },\n  responders: [{ type: mongoose.Schema.Types.ObjectId, ref: \"User\" }],\n  team: { type: mongoose.Schema.Types.ObjectId, ref: \"Team\" },\n});\n\nexport default mongoose.model(\"Incident\", incidentSchema);\n"),
            ("backend/src/services/incidentService.js", "import Incident from \"../models/Incident.js\";\n\nexport async function getIncidentById(id) {\n  return Incident.findById(id).populate(\"responders\");\n}\n\nexport async function createIncident(data, userId) {\n  return Incident.create({ ...data, reportedBy: userId });\n}\n\nexport async function updateIncident(id, data) {\n  return Incident.findByIdAndUpdate(id, data, { new: true });\n}\n\nexport async function saveEditedNotes(id, notes) {\n  const incident = await Incident.findById(id);\n  incident.notes = notes;\n  return incident.save();\n}\n"),
        ],
    );
    insta::assert_snapshot!("derived_mongoose_constants_enum_roles", spec);
}

#[test]
fn raw_sql_with_migrations() {
    let spec = derived(
        "invoice",
        false,
        &[
            ("backend/migrations/001_users.sql", "CREATE TABLE users (\n  id SERIAL PRIMARY KEY,\n  email TEXT NOT NULL,\n  role TEXT NOT NULL CHECK (role IN ('admin', 'accountant', 'client'))\n);\n"),
            ("backend/migrations/002_invoices.sql", "CREATE TABLE invoices (\n  id SERIAL PRIMARY KEY,\n  number VARCHAR(40) NOT NULL,\n  amount NUMERIC(12, 2) NOT NULL,\n  status TEXT NOT NULL DEFAULT 'draft',\n  client_id INTEGER NOT NULL REFERENCES users(id),\n  created_at TIMESTAMP NOT NULL DEFAULT NOW()\n);\n\nALTER TABLE invoices ADD COLUMN approved_by INTEGER REFERENCES users(id);\n"),
            ("backend/src/services/invoiceService.js", "import { pool } from \"../db/pool.js\";\n\nclass InvoiceService {\n  async getInvoiceById(id) {\n    const { rows } = await pool.query(\"SELECT * FROM invoices WHERE id = $1\", [id]);\n    return rows[0];\n  }\n\n  async createInvoice(data, userId) {\n    const { rows } = await pool.query(\"INSERT INTO invoices (number, amount, client_id) VALUES ($1, $2, $3) RETURNING *\", [data.number, data.amount, data.clientId]);\n    return rows[0];\n  }\n\n  async approve(id, userId) {\n    const { rows } = await pool.query(`UPDATE invoices SET status = 'approved', approved_by = $2 WHERE id = $1 RETURNING *`, [id, userId]);\n    return rows[0];\n  }\n}\n\nexport default new InvoiceService();\n"),
        ],
    );
    insta::assert_snapshot!("derived_raw_sql_migrations", spec);
}

#[test]
fn no_schema_query_keys_are_neither_columns_nor_users() {
    let spec = derived(
        "booking",
        true,
        &[("backend/src/services/bookingService.js", "import { prisma } from \"../db/prisma.js\";\n\nexport async function getBookingById(id) {\n  return prisma.booking.findUnique({ where: { id }, include: { guest: true } });\n}\n\nexport async function listBookings(filter) {\n  return prisma.booking.findMany({\n    where: { status: { in: [\"confirmed\", \"in-progress\"] }, nights: { gt: 1 }, OR: [{ hostId: filter.hostId }] },\n    orderBy: { createdAt: \"desc\" },\n    select: { id: true, title: true },\n  });\n}\n\nexport async function createBooking(data, userId) {\n  return prisma.booking.create({ data: { title: data.title, nights: data.nights, status: \"pending\", hostId: data.hostId, bookedBy: userId } });\n}\n\nexport async function updateBooking(id, data) {\n  return prisma.booking.update({ where: { id }, data });\n}\n\nexport const labels = { \"in-progress\": \"In progress\", pending: \"Pending\" };\n")],
    );
    for query in ["where", "orderBy", "select", "include", "OR", "in,", "gt", "in-progress"] {
        assert!(!spec.contains(&format!("{query},")) && !spec.contains(&format!("{query}]")), "`{query}` in:\n{spec}");
    }
    insta::assert_snapshot!("derived_no_schema_query_keys", spec);
}

/// The app's precedent (issue 26, item 4): roles are a plain string column
/// (no roles module, no enum), but the ticket module the recipe says to copy
/// sends to roles, and the proposal routes are guarded by one. Both are in
/// the derived spec, each with its reason; before, it said "no roles found"
/// and nobody in those roles heard of a proposal.
#[test]
fn a_socket_enabled_sibling_and_route_guards_give_their_roles() {
    let project = Project::example();
    project.remove("backend/src/constants/roles.js");
    let events = project.read("backend/src/socket/events/ticketEvents.js");
    let events = events
        .replace("import { ROLES } from \"../../constants/roles.js\";\n", "")
        .replace("[ROLES.ADMIN, ROLES.SUPER_ADMIN]", "[\"admin\", \"super_admin\"]");
    project.write("backend/src/socket/events/ticketEvents.js", &events);
    let routes = project.read("backend/src/routes/proposals.js");
    let routes = routes
        .replace(
            "import { authenticate } from \"../middleware/auth.js\";",
            "import { authenticate, authorize } from \"../middleware/auth.js\";",
        )
        .replace(
            "router.post(\"/:id/approve\", proposalController.approve);",
            "router.post(\"/:id/approve\", authorize(\"manager\"), proposalController.approve);",
        );
    project.write("backend/src/routes/proposals.js", &routes);
    let auth = project.read("backend/src/middleware/auth.js");
    project.write(
        "backend/src/middleware/auth.js",
        &format!("{auth}\nexport const authorize = (...roles) => (req, res, next) =>\n  roles.includes(req.user?.role) ? next() : res.status(403).json({{ error: \"forbidden\" }});\n"),
    );
    project.rtgen_ok(&["add", "proposal"]);
    let spec = project.read("realtime/proposal.yaml");
    assert!(spec.contains("roles: [admin, super_admin, manager]"), "{spec}");
    insta::assert_snapshot!("derived_precedent_and_route_guards", spec);
}
