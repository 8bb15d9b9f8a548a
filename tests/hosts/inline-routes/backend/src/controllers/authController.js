const connectDB = require('../config/db');
const { signToken } = require('../middleware/authMiddleware');

// @route POST /api/auth/login { email, password } -> { token, user }
exports.login = async (req, res) => {
    const { email, password } = req.body || {};
    const user = connectDB.findUserByEmail(String(email || '').toLowerCase());
    if (!user || user.passwordHash !== connectDB.hashPassword(String(password || ''))) {
        return res.status(401).json({ success: false, message: 'Invalid email or password' });
    }
    const { passwordHash, ...publicUser } = user;
    res.status(200).json({ success: true, token: signToken(user), user: publicUser });
};
