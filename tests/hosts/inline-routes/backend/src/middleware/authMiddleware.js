const jwt = require('jsonwebtoken');
const { findUserById } = require('../config/db');

const JWT_SECRET = process.env.JWT_SECRET || 'dev-secret';

exports.JWT_SECRET = JWT_SECRET;

exports.signToken = (user) =>
    jwt.sign({ id: user._id.toHexString(), role: user.role }, JWT_SECRET, { expiresIn: '12h' });

// Requires `Authorization: Bearer <jwt>`; `req.user` is the user's record.
exports.protect = async (req, res, next) => {
    let token;
    if (req.headers.authorization && req.headers.authorization.startsWith('Bearer')) {
        token = req.headers.authorization.split(' ')[1];
    }
    if (!token) return res.status(401).json({ success: false, message: 'Not authorized' });

    try {
        const decoded = jwt.verify(token, JWT_SECRET);
        req.user = findUserById(decoded.id);
        if (!req.user) return res.status(401).json({ success: false, message: 'Not authorized' });
        next();
    } catch (err) {
        return res.status(401).json({ success: false, message: 'Not authorized' });
    }
};
