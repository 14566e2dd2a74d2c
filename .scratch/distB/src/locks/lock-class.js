export function lockClass(name) {
    return { name };
}
