# Journal entries are private reflections: deliberately not in the admin.
