const crypto = require('crypto');
const ObjectId = require('../utils/objectId');
const { ROLES } = require('../constants/roles');

const users = [];

const hashPassword = (password) => crypto.createHash('sha256').update(password).digest('hex');

/** Seeds the users (every password is "password"); stands in for mongoose.connect. */
const connectDB = async () => {
    const seed = [
        ['alice', ROLES.ADMIN],
        ['sam', ROLES.SUPER_ADMIN],
        ['carol', ROLES.MANAGER],
        ['dave', ROLES.USER],
        ['erin', ROLES.USER],
        ['frank', ROLES.USER]
    ];
    users.length = 0;
    seed.forEach(([name, role], index) => {
        users.push({
            _id: new ObjectId(`64b${String(index + 1).padStart(21, '0')}`),
            name,
            email: `${name}@example.com`,
            role,
            passwordHash: hashPassword('password')
        });
    });
};

connectDB.users = users;
connectDB.hashPassword = hashPassword;
connectDB.findUserByEmail = (email) => users.find((user) => user.email === email) || null;
connectDB.findUserById = (id) => users.find((user) => user._id.equals(id)) || null;

module.exports = connectDB;
